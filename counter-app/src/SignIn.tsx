import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, ApiClientError } from '@lotse/shared/client';
import type { StaffSessionT } from '@lotse/shared';

export function SignIn({ admin = false, onSignedIn }: { admin?: boolean; onSignedIn: (s: StaffSessionT) => void }) {
  const { t } = useTranslation(['counter', 'common']);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await apiFetch<StaffSessionT>('/api/v1/auth/login', { body: { username, password } });
      if (admin && session.role !== 'admin') setError(t('signIn.notAdmin'));
      else onSignedIn(session);
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'generic';
      setError(t(`common:errors.${code}`, { defaultValue: t('common:errors.generic') }));
    } finally {
      setBusy(false);
    }
  };

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
