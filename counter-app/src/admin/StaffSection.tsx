import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, ApiClientError } from '@lotse/shared/client';
import { LANGUAGES, type OneTimePasswordT, type StaffAccountT, type StaffRoleT } from '@lotse/shared';
import { LanguagesEditor } from './LanguagesEditor.tsx';

/** Staff accounts: create (one-time password shown once), reset password, disable/enable. */
export function StaffSection({ token }: { token: string }) {
  const { t } = useTranslation(['counter', 'common']);
  const [accounts, setAccounts] = useState<StaffAccountT[]>([]);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<StaffRoleT>('clerk');
  const [oneTime, setOneTime] = useState<OneTimePasswordT>();
  const [error, setError] = useState<string>();
  const [languagesOf, setLanguagesOf] = useState<string>();
  const refresh = useCallback(() => void apiFetch<StaffAccountT[]>('/api/v1/staff', { token }).then(setAccounts, () => undefined), [token]);
  useEffect(refresh, [refresh]);

  const run = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'generic';
      setError(t(`common:errors.${code}`, { defaultValue: err instanceof Error ? err.message : t('common:errors.generic') }));
    }
    refresh();
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setOneTime(await apiFetch<OneTimePasswordT>('/api/v1/staff', { token, body: { username, displayName, role } }));
      setUsername('');
      setDisplayName('');
    });
  };
  const reset = (a: StaffAccountT) => {
    if (!confirm(t('security.resetConfirm', { username: a.username }))) return;
    void run(async () => setOneTime(await apiFetch<OneTimePasswordT>(`/api/v1/staff/${encodeURIComponent(a.id)}/reset-password`, { token, method: 'POST' })));
  };
  const toggle = (a: StaffAccountT) => void run(() => apiFetch(`/api/v1/staff/${encodeURIComponent(a.id)}/${a.disabled ? 'enable' : 'disable'}`, { token, method: 'POST' }));
  const state = (a: StaffAccountT) =>
    a.disabled ? t('security.stateDisabled')
      : a.lockedUntil ? t('security.stateLocked', { time: new Date(a.lockedUntil).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' }) })
        : a.mustChangePassword ? t('security.stateMustChange') : t('security.stateActive');

  return (
    <section aria-labelledby="staff-title">
      <h2 id="staff-title">{t('security.staffTitle')}</h2>
      <form onSubmit={create} className="row">
        <label>{t('security.username')}<input value={username} onChange={(e) => setUsername(e.target.value.toLowerCase())} required minLength={3} maxLength={60} pattern="[a-z0-9][a-z0-9._\-]*" name="staffUsername" /></label>
        <label>{t('security.displayName')}<input value={displayName} onChange={(e) => setDisplayName(e.target.value)} required maxLength={80} name="staffDisplayName" /></label>
        <label>{t('security.role')}
          <select value={role} onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'clerk')} name="staffRole">
            <option value="clerk">{t('security.roles.clerk')}</option>
            <option value="admin">{t('security.roles.admin')}</option>
          </select>
        </label>
        <button type="submit">{t('security.create')}</button>
      </form>
      {oneTime && <p role="status" className="pairing-result" data-testid="one-time-password">{t('security.oneTime', { username: oneTime.account.username, password: oneTime.password })}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="table-wrap"><table>
        <thead><tr><th scope="col">{t('security.username')}</th><th scope="col">{t('security.displayName')}</th><th scope="col">{t('security.role')}</th><th scope="col">{t('security.state')}</th><th scope="col">{t('office.staff.languages')}</th><th scope="col"><span className="visually-hidden">{t('security.reset')}</span></th></tr></thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id}>
              <td>{a.username}</td><td>{a.displayName}</td><td>{t(`security.roles.${a.role}`)}</td><td>{state(a)}</td>
              <td>
                {languagesOf === a.id
                  ? <LanguagesEditor account={a} onCancel={() => setLanguagesOf(undefined)}
                    onSave={(languages) => { setLanguagesOf(undefined); void run(() => apiFetch(`/api/v1/staff/${encodeURIComponent(a.id)}/languages`, { token, method: 'PUT', body: { languages } })); }} />
                  : <>{(a.languages ?? []).map((c) => LANGUAGES.find((l) => l.code === c)?.germanName ?? c).join(', ') || '–'}{' '}
                    <button className="secondary" aria-label={t('office.staff.languagesLabel', { name: a.displayName })} onClick={() => setLanguagesOf(a.id)}>{t('office.edit')}</button></>}
              </td>
              <td>
                <button className="secondary" aria-label={t('office.staff.resetLabel', { name: a.username })} onClick={() => reset(a)}>{t('security.reset')}</button>{' '}
                <button className="secondary" aria-label={`${a.disabled ? t('security.enable') : t('security.disable')}: ${a.username}`} onClick={() => toggle(a)}>{a.disabled ? t('security.enable') : t('security.disable')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table></div>
    </section>
  );
}
