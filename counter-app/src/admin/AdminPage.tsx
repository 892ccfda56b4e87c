import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { CounterT, DeviceInfoT, StaffSessionT } from '@lotse/shared';
import { PairingCodeForm } from './PairingCodeForm.tsx';
import { StaffSection } from './StaffSection.tsx';
import { SettingsSection } from './SettingsSection.tsx';
import { AuditSection } from './AuditSection.tsx';
import { EngineSection } from './EngineSection.tsx';
import { PrivacySection, TlsSection } from './TrustSections.tsx';
import '../security.css';

/** Administration: pairing codes, devices (revoke), staff accounts, settings, audit log, HTTPS, privacy report. */
export function AdminPage({ staff, onSignOut }: { staff: StaffSessionT; onSignOut: () => void }) {
  const { t } = useTranslation('counter');
  const [devices, setDevices] = useState<DeviceInfoT[]>([]);
  const refresh = useCallback(() => {
    apiFetch<DeviceInfoT[]>('/api/v1/devices', { token: staff.token }).then(setDevices, (err: { code?: string }) => err.code === 'UNAUTHENTICATED' && onSignOut());
  }, [staff.token, onSignOut]);
  useEffect(refresh, [refresh]);
  const [counters, setCounters] = useState<CounterT[]>([]);
  useEffect(() => {
    apiFetch<CounterT[]>('/api/v1/counters', { token: staff.token }).then(setCounters, () => setCounters([]));
  }, [staff.token]);
  const roleOf = (d: DeviceInfoT) => {
    const role = t(`common:pairing.roles.${d.role}`);
    if (d.role !== 'citizen') return role;
    if (!d.counterId) return t('admin.deviceNoCounter', { role });
    return t('admin.deviceCounter', { role, counter: counters.find((c) => c.id === d.counterId)?.name ?? d.counterId });
  };

  const revoke = async (d: DeviceInfoT) => {
    if (!confirm(t('admin.revokeConfirm', { name: d.name }))) return;
    await apiFetch(`/api/v1/devices/${encodeURIComponent(d.deviceId)}/revoke`, { method: 'POST', token: staff.token }).catch(() => undefined);
    refresh();
  };
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('de-DE') : '–');

  return (
    <div className="counter-app">
      <header className="topbar">
        <span className="brand">Lotse</span>
        <span>{t('admin.title')}</span>
        <span className="grow" />
        <span>{t('workspace.signedInAs', { name: staff.displayName })}</span>
        <button className="secondary" onClick={onSignOut}>{t('workspace.signOut')}</button>
      </header>
      <main className="admin">
        <PairingCodeForm token={staff.token} counters={counters} onCreated={refresh} />
        <section aria-labelledby="devices-title">
          <h2 id="devices-title">{t('admin.devices')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.deviceName')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.pairedAt')}</th>
                <th scope="col">{t('admin.lastSeen')}</th>
                <th scope="col">{t('admin.ip')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col">{t('admin.limits')}</th>
                <th scope="col"><span className="visually-hidden">{t('admin.revoke')}</span></th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.deviceId}>
                  <td>{d.name}</td>
                  <td>{roleOf(d)}</td>
                  <td>{time(d.pairedAt)}</td>
                  <td>{time(d.lastSeenAt)}</td>
                  <td>{d.lastIp ?? '–'}</td>
                  <td>{d.revoked ? t('admin.revoked') : t('admin.active')}</td>
                  <td>{d.limited ? t('admin.limitHit', { kind: t(`admin.limitKinds.${d.limited.kind}`), count: d.limited.count, at: time(d.limited.lastAt) }) : t('admin.limitNone')}</td>
                  <td>{!d.revoked && <button className="secondary" onClick={() => void revoke(d)}>{t('admin.revoke')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <StaffSection token={staff.token} />
        <SettingsSection token={staff.token} />
        <EngineSection token={staff.token} />
        <AuditSection token={staff.token} />
        <TlsSection token={staff.token} />
        <PrivacySection token={staff.token} />
      </main>
    </div>
  );
}
