import './security.css';
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, ApiClientError } from '@lotse/shared/client';
import type { SettingsT, StaffSessionT } from '@lotse/shared';

const LOCK_KEY = 'lotse.screenLocked';
const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/**
 * Locks the clerk's screen after the configured idle time (setting `screenLockMinutes`, default 5). The desk stays
 * mounted underneath (open counter, current ticket, conversation) but is inert and covered; the password unlocks
 * it. A reload while locked stays locked. Too many wrong passwords lock the account and end the session.
 */
export function IdleLock({ staff, onSignOut, children }: { staff: StaffSessionT; onSignOut: () => void; children: ReactNode }) {
  const { t } = useTranslation(['counter', 'common']);
  const [minutes, setMinutes] = useState(5);
  const [locked, setLocked] = useState(() => sessionStorage.getItem(LOCK_KEY) === '1');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const last = useRef(Date.now());

  useEffect(() => {
    apiFetch<SettingsT>('/api/v1/settings', { token: staff.token }).then((s) => setMinutes(s.screenLockMinutes), () => undefined);
  }, [staff.token]);

  const lock = useCallback(() => {
    sessionStorage.setItem(LOCK_KEY, '1');
    setLocked(true);
  }, []);

  useEffect(() => {
    if (locked) return;
    const onActivity = () => void (last.current = Date.now());
    for (const e of ACTIVITY) window.addEventListener(e, onActivity, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - last.current >= minutes * 60_000) lock();
    }, 5_000);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, onActivity, { capture: true });
      clearInterval(timer);
    };
  }, [locked, minutes, lock]);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(LOCK_KEY);
    onSignOut();
  }, [onSignOut]);

  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await apiFetch('/api/v1/auth/unlock', { token: staff.token, body: { password } });
      sessionStorage.removeItem(LOCK_KEY);
      last.current = Date.now();
      setPassword('');
      setLocked(false);
    } catch (err) {
      const code = err instanceof ApiClientError ? err.code : 'generic';
      setPassword('');
      if (code === 'UNAUTHENTICATED' || code === 'LOCKED') return signOut();
      setError(t(`common:errors.${code}`, { defaultValue: t('common:errors.generic') }));
    }
  };

  return (
    <>
      <div inert={locked} aria-hidden={locked} className={locked ? 'locked-content' : undefined}>
        {children}
      </div>
      {locked && (
        <div className="screen-lock" role="dialog" aria-modal="true" aria-labelledby="lock-title">
          <main className="narrow">
            <h1 id="lock-title">{t('security.lockTitle')}</h1>
            <p>{t('security.lockIntro', { name: staff.displayName, minutes })}</p>
            <form onSubmit={(e) => void unlock(e)} className="stack">
              <label htmlFor="unlock-password">{t('signIn.password')}</label>
              <input id="unlock-password" type="password" autoComplete="current-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} required />
              <button type="submit">{t('security.unlock')}</button>
              <button type="button" className="secondary" onClick={signOut}>{t('security.signOutInstead')}</button>
            </form>
            {error && <p role="alert" className="error">{error}</p>}
          </main>
        </div>
      )}
    </>
  );
}
