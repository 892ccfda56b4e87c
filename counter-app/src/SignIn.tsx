import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, ApiClientError } from '@lotse/shared/client';
import type { StaffSessionT } from '@lotse/shared';
import { ChangePassword } from './ChangePassword.tsx';

export function SignIn({ admin = false, onSignedIn }: { admin?: boolean; onSignedIn: (s: StaffSessionT) => void }) {
  const { t } = useTranslation(['counter', 'common']);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  /** Signed in with a one-time password: only the password change comes next. */
  const [mustChange, setMustChange] = useState<StaffSessionT>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await apiFetch<StaffSessionT>('/api/v1/auth/login', { body: { username, password } });
      if (admin && session.role !== 'admin') setError(t('signIn.notAdmin'));
      else if (session.mustChangePassword) setMustChange(session);
      else onSignedIn(session);
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'generic';
      if (code === 'LOCKED') setError(t('signIn.locked'));
      else if (code === 'RATE_LIMITED') setError(t('signIn.tooMany'));
      else setError(t(`common:errors.${code}`, { defaultValue: t('common:errors.generic') }));
    } finally {
      setBusy(false);
    }
  };

  if (mustChange) {
    return (
      <ChangePassword
        session={mustChange}
        currentPassword={password}
        onChanged={(session) => {
          setPassword('');
          onSignedIn(session);
        }}
      />
    );
  }
  return (
    <main className="narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">{admin ? t('signIn.adminTitle') : t('signIn.title')}</h1>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label htmlFor="username">{t('signIn.username')}</label>
        <input id="username" name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <label htmlFor="password">{t('signIn.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <button type="submit" disabled={busy}>{t('signIn.submit')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
    </main>
  );
}
