import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { CounterConfigT, DeviceInfoT } from '@lotse/shared';
import { PairingCodeForm } from './PairingCodeForm.tsx';
import { useAction, useAdminList } from './useAdminApi.ts';
import type { AdminPageProps } from './AdminPage.tsx';

/** "Geräte": pairing codes, and the paired devices: rename, revoke, take off the list (the audit keeps them). */
export function DevicesSection({ token, onSignOut }: AdminPageProps) {
  const { t } = useTranslation(['counter', 'common']);
  const devices = useAdminList<DeviceInfoT>('/api/v1/devices', token, onSignOut);
  const counters = useAdminList<CounterConfigT>('/api/v1/office/counters', token);
  const { error, status, run } = useAction();
  const [renaming, setRenaming] = useState<{ id: string; name: string }>();
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('de-DE') : '–');

  const roleOf = (d: DeviceInfoT) => {
    const role = t(`common:pairing.roles.${d.role}`);
    if (d.role !== 'citizen') return role;
    if (!d.counterId) return t('admin.deviceNoCounter', { role });
    const counter = counters.items.find((c) => c.id === d.counterId);
    if (counter && !counter.active) return t('office.devices.counterRetired', { role, counter: counter.name });
    return t('admin.deviceCounter', { role, counter: counter?.name ?? d.counterId });
  };
  const act = async (action: () => Promise<unknown>, done: string) => {
    await run(action, done);
    devices.reload();
  };
  const revoke = (d: DeviceInfoT) => confirm(t('admin.revokeConfirm', { name: d.name }))
    && void act(() => apiFetch(`/api/v1/devices/${encodeURIComponent(d.deviceId)}/revoke`, { method: 'POST', token }), t('office.devices.revoked', { name: d.name }));
  const remove = (d: DeviceInfoT) => confirm(t('office.devices.removeConfirm', { name: d.name }))
    && void act(() => apiFetch(`/api/v1/devices/${encodeURIComponent(d.deviceId)}/remove`, { method: 'POST', token }), t('office.devices.removed', { name: d.name }));
  const saveName = (d: DeviceInfoT) => {
    if (!renaming) return;
    const name = renaming.name.trim();
    setRenaming(undefined);
    if (name && name !== d.name) void act(() => apiFetch(`/api/v1/devices/${encodeURIComponent(d.deviceId)}/rename`, { token, body: { name } }), t('office.devices.renamed', { name }));
  };

  return (
    <>
      <PairingCodeForm token={token} counters={counters.items.filter((c) => c.active)} onCreated={devices.reload} />
      <section aria-labelledby="devices-title">
        <h2 id="devices-title">{t('admin.devices')}</h2>
        {error && <p role="alert" className="error">{error}</p>}
        {status && <p role="status">{status}</p>}
        <div className="table-wrap">
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
                <th scope="col"><span className="visually-hidden">{t('office.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {devices.items.map((d) => (
                <tr key={d.deviceId}>
                  <td>
                    {renaming?.id === d.deviceId ? (
                      <form onSubmit={(e) => { e.preventDefault(); saveName(d); }} className="row">
                        <input aria-label={t('office.devices.newName', { name: d.name })} value={renaming.name} maxLength={60} required autoFocus
                          onChange={(e) => setRenaming({ id: d.deviceId, name: e.target.value })} />
                        <button type="submit">{t('office.save')}</button>
                      </form>
                    ) : d.name}
                  </td>
                  <td>{roleOf(d)}</td>
                  <td>{time(d.pairedAt)}</td>
                  <td>{time(d.lastSeenAt)}</td>
                  <td>{d.lastIp ?? '–'}</td>
                  <td>{d.revoked ? t('admin.revoked') : t('admin.active')}</td>
                  <td>{d.limited ? t('admin.limitHit', { kind: t(`admin.limitKinds.${d.limited.kind}`), count: d.limited.count, at: time(d.limited.lastAt) }) : t('admin.limitNone')}</td>
                  <td>
                    <div className="row-actions">
                      {!d.revoked && <button className="secondary" aria-label={t('office.devices.renameLabel', { name: d.name })} onClick={() => setRenaming({ id: d.deviceId, name: d.name })}>{t('office.devices.rename')}</button>}
                      {!d.revoked && <button className="secondary" aria-label={t('office.devices.revokeLabel', { name: d.name })} onClick={() => revoke(d)}>{t('admin.revoke')}</button>}
                      <button className="secondary" aria-label={t('office.devices.removeLabel', { name: d.name })} onClick={() => remove(d)}>{t('office.devices.remove')}</button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
