import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function IdleWarning({ seconds, onStay }: { seconds: number; onStay: () => void }) {
  const { t } = useTranslation('kiosk');
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body" className="dialog">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-body">{t('idle.body', { seconds })}</p>
        <button ref={button} onClick={onStay}>{t('idle.stay')}</button>
      </div>
    </div>
  );
}
