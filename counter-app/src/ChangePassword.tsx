import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, ApiClientError } from '@lotse/shared/client';
import type { StaffSessionT } from '@lotse/shared';

/** The forced change after a one-time password (and a voluntary change): the server ends every session and returns a new one. */
export function ChangePassword({ session, currentPassword = '', onChanged }: { session: StaffSessionT; currentPassword?: string; onChanged: (s: StaffSessionT) => void }) {
  const { t } = useTranslation(['counter', 'common']);
  const [current, setCurrent] = useState(currentPassword);
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (next !== repeat) return setError(t('security.mismatch'));
    setBusy(true);
    try {
      onChanged(await apiFetch<StaffSessionT>('/api/v1/auth/password', { token: session.token, body: { currentPassword: current, newPassword: next } }));
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'generic';
      setError(code === 'BAD_REQUEST' ? t('security.rejected') : code === 'LOCKED' ? t('signIn.locked') : t(`common:errors.${code}`, { defaultValue: t('common:errors.generic') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="narrow" aria-labelledby="change-title">
      <h1 id="change-title">{t('security.changeTitle')}</h1>
      {session.mustChangePassword && <p>{t('security.changeIntro')}</p>}
      <form onSubmit={(e) => void submit(e)} className="stack">
        {!currentPassword && (
          <>
            <label htmlFor="current-password">{t('security.current')}</label>
            <input id="current-password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
          </>
        )}
        <label htmlFor="new-password">{t('security.new')}</label>
        <input id="new-password" type="password" autoComplete="new-password" minLength={12} maxLength={128} value={next} onChange={(e) => setNext(e.target.value)} required aria-describedby="password-rules" />
        <label htmlFor="repeat-password">{t('security.repeat')}</label>
        <input id="repeat-password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
        <p id="password-rules" className="hint">{t('security.rules')}</p>
        <button type="submit" disabled={busy}>{t('security.save')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
    </main>
  );
}
