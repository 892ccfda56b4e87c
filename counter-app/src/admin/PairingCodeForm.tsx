import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { CounterT, DeviceRoleT, PairingCodeT } from '@lotse/shared';

const ROLES: DeviceRoleT[] = ['kiosk', 'display', 'counter', 'citizen'];

export function PairingCodeForm({ token, counters, onCreated }: { token: string; counters: CounterT[]; onCreated: () => void }) {
  const { t } = useTranslation(['counter', 'common']);
  const [role, setRole] = useState<DeviceRoleT>('kiosk');
  const [name, setName] = useState('');
  const [code, setCode] = useState<PairingCodeT>();
  const [error, setError] = useState<string>();
  // A citizen screen shows one counter's conversation: the code names it.
  const [counterId, setCounterId] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      setCode(await apiFetch<PairingCodeT>('/api/v1/devices/pairing-codes', { token, body: role === 'citizen' ? { role, name, counterId } : { role, name } }));
      onCreated();
    } catch {
      setError(t('common:errors.generic'));
    }
  };

  return (
    <section aria-labelledby="pairing-title" className="pairing-admin">
      <h2 id="pairing-title">{t('admin.pairing')}</h2>
      <form onSubmit={(e) => void submit(e)} className="row">
        <label>
          {t('admin.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as DeviceRoleT)} name="role">
            {ROLES.map((r) => <option key={r} value={r}>{t(`common:pairing.roles.${r}`)}</option>)}
          </select>
        </label>
        <label>
          {t('admin.deviceName')}
          <input value={name} onChange={(e) => setName(e.target.value)} name="deviceName" required maxLength={60} />
        </label>
        {role === 'citizen' && (
          <label>
            {t('admin.citizenCounter')}
            <select value={counterId} onChange={(e) => setCounterId(e.target.value)} name="counterId" required>
              <option value="" />
              {counters.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
        )}
        <button type="submit">{t('admin.createCode')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {code && (
        <div className="pairing-result" aria-live="polite">
          <h3>{t('admin.codeFor', { name: code.name, role: t(`common:pairing.roles.${code.role}`) })}</h3>
          <p className="pairing-code" data-testid="pairing-code">{code.code}</p>
          <img className="qr" alt={t('admin.qrAlt')} src={`data:image/svg+xml;utf8,${encodeURIComponent(code.qrSvg)}`} />
          <p>{t('admin.expires', { time: new Date(code.expiresAt).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' }) })}</p>
          <p><code>{code.pairUrl}</code></p>
        </div>
      )}
    </section>
  );
}
