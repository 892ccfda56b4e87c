import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, ApiClientError } from '@lotse/shared/client';

/** GET a list for an admin page; `reload` after a change. An expired session signs the admin out. */
export function useAdminList<T>(path: string, token: string, onSignOut?: () => void): { items: T[]; reload: () => void; loaded: boolean } {
  const [items, setItems] = useState<T[]>([]);
  const [loaded, setLoaded] = useState(false);
  const reload = useCallback(() => {
    apiFetch<T[]>(path, { token }).then((list) => {
      setItems(list);
      setLoaded(true);
    }, (err: unknown) => {
      if (err instanceof ApiClientError && err.code === 'UNAUTHENTICATED') onSignOut?.();
    });
  }, [path, token, onSignOut]);
  useEffect(reload, [reload]);
  return { items, reload, loaded };
}

/** Runs an admin action and turns a refusal into a German message (the server's code, else its text). */
export function useAction(): { error?: string; status?: string; run: (action: () => Promise<unknown>, done?: string) => Promise<boolean>; clear: () => void } {
  const { t } = useTranslation(['counter', 'common']);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const run = useCallback(async (action: () => Promise<unknown>, done?: string) => {
    setError(undefined);
    setStatus(undefined);
    try {
      await action();
      if (done) setStatus(done);
      return true;
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'generic';
      const detail = err instanceof Error ? err.message : '';
      setError(`${t(`common:errors.${code}`, { defaultValue: t('common:errors.generic') })}${detail && code !== 'generic' ? ` (${detail})` : ''}`);
      return false;
    }
  }, [t]);
  return { error, status, run, clear: () => { setError(undefined); setStatus(undefined); } };
}
