import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { CounterConfigT, CounterInputT, DeviceInfoT, DisplayGroupInputT, DisplayGroupT, ServiceConfigT } from '@lotse/shared';
import { useAction, useAdminList } from './useAdminApi.ts';
import type { AdminPageProps } from './AdminPage.tsx';

const EMPTY: CounterInputT = { name: '', spokenName: '', serviceIds: [] };

/** Checkboxes for a set of ids (services of a counter, counters and displays of a group). */
function Choose({ legend, options, chosen, onChange }: { legend: string; options: { id: string; name: string }[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.id} className="check">
          <input type="checkbox" checked={chosen.includes(o.id)} onChange={(e) => onChange(e.target.checked ? [...chosen, o.id] : chosen.filter((c) => c !== o.id))} />
          {o.name}
        </label>
      ))}
    </fieldset>
  );
}

/** "Plätze": counters (name shown and spoken, default services, retire) and display groups. */
export function CountersSection({ token, onSignOut }: AdminPageProps) {
  const { t } = useTranslation('counter');
  const counters = useAdminList<CounterConfigT>('/api/v1/office/counters', token, onSignOut);
  const services = useAdminList<ServiceConfigT>('/api/v1/office/services', token);
  const groups = useAdminList<DisplayGroupT>('/api/v1/office/display-groups', token);
  const devices = useAdminList<DeviceInfoT>('/api/v1/devices', token);
  const { error, status, run } = useAction();
  const [editing, setEditing] = useState<{ id?: string; input: CounterInputT }>();
  const [group, setGroup] = useState<{ id?: string; input: DisplayGroupInputT }>();
  const serviceOptions = services.items.filter((s) => s.active).map((s) => ({ id: s.id, name: `${s.letter} · ${s.texts.de?.name ?? s.name}` }));
  const counterName = (id: string) => counters.items.find((c) => c.id === id)?.name ?? id;

  const saveCounter = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const { id, input } = editing;
    const ok = await run(() => (id ? apiFetch(`/api/v1/office/counters/${encodeURIComponent(id)}`, { token, method: 'PUT', body: input }) : apiFetch('/api/v1/office/counters', { token, body: input })),
      t('office.counters.saved', { name: input.name }));
    if (ok) setEditing(undefined);
    counters.reload();
  };
  const setActive = async (c: CounterConfigT, active: boolean) => {
    if (!active && !confirm(t('office.counters.retireConfirm', { name: c.name }))) return;
    await run(() => apiFetch(`/api/v1/office/counters/${encodeURIComponent(c.id)}/${active ? 'restore' : 'retire'}`, { token, method: 'POST' }),
      t(active ? 'office.counters.restored' : 'office.counters.retired', { name: c.name }));
    counters.reload();
  };
  const saveGroup = async (e: FormEvent) => {
    e.preventDefault();
    if (!group) return;
    const { id, input } = group;
    const ok = await run(() => (id ? apiFetch(`/api/v1/office/display-groups/${encodeURIComponent(id)}`, { token, method: 'PUT', body: input }) : apiFetch('/api/v1/office/display-groups', { token, body: input })),
      t('office.groups.saved', { name: input.name }));
    if (ok) setGroup(undefined);
    groups.reload();
  };
  const deleteGroup = async (g: DisplayGroupT) => {
    if (!confirm(t('office.groups.deleteConfirm', { name: g.name }))) return;
    await run(() => apiFetch(`/api/v1/office/display-groups/${encodeURIComponent(g.id)}`, { token, method: 'DELETE' }), t('office.groups.deleted', { name: g.name }));
    groups.reload();
  };

  return (
    <>
      {error && <p role="alert" className="error">{error}</p>}
      {status && <p role="status">{status}</p>}
      <section aria-labelledby="counters-title">
        <h2 id="counters-title">{t('office.counters.title')}</h2>
        {editing ? (
          <form onSubmit={(e) => void saveCounter(e)} className="stack" aria-label={editing.id ? t('office.counters.editTitle', { name: counterName(editing.id) }) : t('office.counters.newTitle')}>
            <div className="grid2">
              <label className="field">{t('office.counters.name')}<input value={editing.input.name} required maxLength={40} onChange={(e) => setEditing({ ...editing, input: { ...editing.input, name: e.target.value } })} /></label>
              <label className="field">{t('office.counters.spokenName')}<input value={editing.input.spokenName} maxLength={60} placeholder={editing.input.name} onChange={(e) => setEditing({ ...editing, input: { ...editing.input, spokenName: e.target.value } })} /></label>
            </div>
            <Choose legend={t('office.counters.services')} options={serviceOptions} chosen={editing.input.serviceIds} onChange={(serviceIds) => setEditing({ ...editing, input: { ...editing.input, serviceIds } })} />
            <div className="actions"><button type="submit">{t('office.save')}</button><button type="button" className="secondary" onClick={() => setEditing(undefined)}>{t('office.cancel')}</button></div>
          </form>
        ) : <button onClick={() => setEditing({ input: EMPTY })}>{t('office.counters.new')}</button>}
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('office.counters.name')}</th><th scope="col">{t('office.counters.spokenName')}</th><th scope="col">{t('office.counters.services')}</th><th scope="col">{t('office.counters.screens')}</th><th scope="col">{t('admin.status')}</th><th scope="col"><span className="visually-hidden">{t('office.actions')}</span></th></tr></thead>
            <tbody>
              {counters.items.map((c) => (
                <tr key={c.id} className={c.active ? undefined : 'retired'}>
                  <td>{c.name}</td>
                  <td>{c.spokenName || <span className="muted">{c.name}</span>}</td>
                  <td>{c.serviceIds.map((id) => serviceOptions.find((s) => s.id === id)?.name ?? id).join(', ') || '–'}</td>
                  <td className={!c.active && c.boundDevices.length ? 'warn' : undefined}>
                    {c.boundDevices.map((d) => d.name).join(', ') || '–'}
                    {!c.active && c.boundDevices.length > 0 && <><br />{t('office.counters.boundToRetired')}</>}
                  </td>
                  <td>{c.active ? t('office.active') : t('office.retired')}</td>
                  <td>
                    <div className="row-actions">
                      <button className="secondary" aria-label={t('office.editLabel', { name: c.name })} onClick={() => setEditing({ id: c.id, input: { name: c.name, spokenName: c.spokenName, serviceIds: c.serviceIds } })}>{t('office.edit')}</button>
                      {c.active
                        ? <button className="secondary" aria-label={t('office.retireLabel', { name: c.name })} onClick={() => void setActive(c, false)}>{t('office.retire')}</button>
                        : <button className="secondary" aria-label={t('office.restoreLabel', { name: c.name })} onClick={() => void setActive(c, true)}>{t('office.restore')}</button>}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="groups-title">
        <h2 id="groups-title">{t('office.groups.title')}</h2>
        <p>{t('office.groups.intro')}</p>
        {group ? (
          <form onSubmit={(e) => void saveGroup(e)} className="stack">
            <label className="field">{t('office.groups.name')}<input value={group.input.name} required maxLength={60} onChange={(e) => setGroup({ ...group, input: { ...group.input, name: e.target.value } })} /></label>
            <div className="grid2">
              <Choose legend={t('office.groups.counters')} options={counters.items.filter((c) => c.active)} chosen={group.input.counterIds} onChange={(counterIds) => setGroup({ ...group, input: { ...group.input, counterIds } })} />
              <Choose legend={t('office.groups.displays')} options={devices.items.filter((d) => d.role === 'display' && !d.revoked).map((d) => ({ id: d.deviceId, name: d.name }))} chosen={group.input.deviceIds} onChange={(deviceIds) => setGroup({ ...group, input: { ...group.input, deviceIds } })} />
            </div>
            <div className="actions"><button type="submit">{t('office.save')}</button><button type="button" className="secondary" onClick={() => setGroup(undefined)}>{t('office.cancel')}</button></div>
          </form>
        ) : <button onClick={() => setGroup({ input: { name: '', counterIds: [], deviceIds: [] } })}>{t('office.groups.new')}</button>}
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('office.groups.name')}</th><th scope="col">{t('office.groups.counters')}</th><th scope="col">{t('office.groups.displays')}</th><th scope="col"><span className="visually-hidden">{t('office.actions')}</span></th></tr></thead>
            <tbody>
              {groups.items.map((g) => (
                <tr key={g.id}>
                  <td>{g.name}</td>
                  <td>{g.counterIds.map(counterName).join(', ') || '–'}</td>
                  <td>{g.deviceIds.map((id) => devices.items.find((d) => d.deviceId === id)?.name ?? id).join(', ') || '–'}</td>
                  <td>
                    <div className="row-actions">
                      <button className="secondary" aria-label={t('office.editLabel', { name: g.name })} onClick={() => setGroup({ id: g.id, input: { name: g.name, counterIds: g.counterIds, deviceIds: g.deviceIds } })}>{t('office.edit')}</button>
                      <button className="secondary" aria-label={t('office.deleteLabel', { name: g.name })} onClick={() => void deleteGroup(g)}>{t('office.delete')}</button>
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
