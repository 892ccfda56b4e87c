import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiClientError } from '@lotse/shared/client';

export interface DeskMessage { text: string; error: boolean }

/** Runs one desk action at a time: the buttons wait while it runs, and its result or error is said once. */
export function useDeskRun() {
  const { t } = useTranslation(['counter', 'common']);
  const [message, setMessage] = useState<DeskMessage>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<string | undefined | void>): Promise<boolean> => {
    setBusy(true);
    setMessage(undefined);
    try {
      const done = await action();
      if (done) setMessage({ text: done, error: false });
      return true;
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'generic';
      // Desk-specific words first (who was faster, which number), then the app-wide ones.
      setMessage({ text: t(`desk.errors.${code}`, { defaultValue: t(`common:errors.${code}`, { defaultValue: t('common:errors.generic') }) }), error: true });
      return false;
    } finally {
      setBusy(false);
    }
  }, [t]);
  return { run, busy, message };
}

export const clock = (iso: string | Date) => new Date(iso).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' });
