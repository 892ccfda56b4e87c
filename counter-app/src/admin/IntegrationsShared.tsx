import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, ApiClientError } from '@lotse/shared/client';

/** GET one object for an admin page; `reload` after a change. An expired session signs the admin out. */
export function useAdminGet<T>(path: string, token: string, onSignOut?: () => void): { data?: T; reload: () => void } {
  const [data, setData] = useState<T>();
  const reload = useCallback(() => {
    apiFetch<T>(path, { token }).then(setData, (err: unknown) => {
      if (err instanceof ApiClientError && err.code === 'UNAUTHENTICATED') onSignOut?.();
    });
  }, [path, token, onSignOut]);
  useEffect(reload, [reload]);
  return { data, reload };
}

/** A key or secret the server shows only once: selectable text, copy button, and a plain warning. */
export function OnceSecret({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const { t } = useTranslation('counter');
  const [copied, setCopied] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // The form that made it sits below the list: bring the one-time value into view (and to the screen reader).
  useEffect(() => box.current?.focus(), [value]);
  return (
    <div role="alert" className="once-secret" data-testid="once-secret" ref={box} tabIndex={-1}>
      <p><strong>{label}</strong></p>
      <p><code dir="ltr" className="secret-value">{value}</code></p>
      <p className="warn">{t('admin.integrations.onceWarning')}</p>
      <div className="row-actions">
        <button onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}>{copied ? t('admin.integrations.copied') : t('admin.integrations.copy')}</button>
        <button className="secondary" onClick={onDone}>{t('admin.integrations.storedIt')}</button>
      </div>
    </div>
  );
}
