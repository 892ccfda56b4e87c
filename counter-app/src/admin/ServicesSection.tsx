import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import { LANGUAGES, type ServiceConfigT, type ServiceInputT } from '@lotse/shared';
import { NEW_SERVICE, ServiceEditor } from './ServiceEditor.tsx';
import { useAction, useAdminList } from './useAdminApi.ts';
import type { AdminPageProps } from './AdminPage.tsx';

const inputOf = (s: ServiceConfigT): ServiceInputT => ({
  letter: s.letter, pictogram: s.pictogram, durationMinutes: s.durationMinutes, walkIns: s.walkIns, appointments: s.appointments,
  dailyCapacity: s.dailyCapacity, stopMinutesBeforeClose: s.stopMinutesBeforeClose, texts: s.texts,
});
const nameOf = (s: ServiceConfigT) => s.texts.de?.name ?? s.name;

/** "Dienstleistungen": what the kiosk offers, in its order; retired ones stay listed (their tickets keep them). */
export function ServicesSection({ token, onSignOut }: AdminPageProps) {
  const { t } = useTranslation('counter');
  const services = useAdminList<ServiceConfigT>('/api/v1/office/services', token, onSignOut);
  const { error, status, run } = useAction();
  const [editing, setEditing] = useState<{ id?: string; input: ServiceInputT }>();

  const save = async (input: ServiceInputT) => {
    const id = editing?.id;
    const ok = await run(
      () => (id ? apiFetch(`/api/v1/office/services/${encodeURIComponent(id)}`, { token, method: 'PUT', body: input }) : apiFetch('/api/v1/office/services', { token, body: input })),
      t('office.services.saved', { name: input.texts.de?.name ?? '' }),
    );
    if (ok) setEditing(undefined);
    services.reload();
  };
  const setActive = async (s: ServiceConfigT, active: boolean) => {
    if (!active && !confirm(t('office.services.retireConfirm', { name: nameOf(s) }))) return;
    await run(() => apiFetch(`/api/v1/office/services/${encodeURIComponent(s.id)}/${active ? 'restore' : 'retire'}`, { token, method: 'POST' }),
      t(active ? 'office.services.restored' : 'office.services.retired', { name: nameOf(s) }));
    services.reload();
  };
  const move = async (index: number, by: -1 | 1) => {
    const ids = services.items.map((s) => s.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id);
    await run(() => apiFetch('/api/v1/office/services/order', { token, method: 'PUT', body: { ids } }));
    services.reload();
  };
  const translated = (s: ServiceConfigT) => LANGUAGES.filter((l) => s.texts[l.code]?.name).length;

  if (editing) {
    const current = services.items.find((s) => s.id === editing.id);
    return (
      <section>
        <ServiceEditor initial={editing.input} title={current ? t('office.services.editTitle', { name: nameOf(current) }) : t('office.services.newTitle')}
          onSave={(i) => void save(i)} onCancel={() => setEditing(undefined)} />
        {error && <p role="alert" className="error">{error}</p>}
      </section>
    );
  }
  return (
    <section aria-labelledby="services-title">
      <h2 id="services-title" className="visually-hidden">{t('office.nav.services')}</h2>
      <p>{t('office.services.intro')}</p>
      <button onClick={() => setEditing({ input: { ...NEW_SERVICE, letter: freeLetter(services.items) } })}>{t('office.services.new')}</button>
      {error && <p role="alert" className="error">{error}</p>}
      {status && <p role="status">{status}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('office.services.letter')}</th><th scope="col">{t('office.services.name')}</th>
              <th scope="col">{t('office.services.offers')}</th><th scope="col">{t('office.services.capacity')}</th>
              <th scope="col">{t('office.services.translations')}</th><th scope="col">{t('admin.status')}</th>
              <th scope="col"><span className="visually-hidden">{t('office.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {services.items.map((s, i) => {
              const name = nameOf(s);
              return (
                <tr key={s.id} className={s.active ? undefined : 'retired'}>
                  <td>{s.letter}</td>
                  <td><img src={`${import.meta.env.BASE_URL}pictograms/${s.pictogram}.svg`} alt="" width={28} height={28} /> {name}<br /><span className="muted">{s.texts.de?.description}</span></td>
                  <td>{[s.walkIns && t('office.services.walkInsShort'), s.appointments && t('office.services.appointmentsShort')].filter(Boolean).join(', ') || '–'} · {t('office.services.minutes', { count: s.durationMinutes })}</td>
                  <td>{s.dailyCapacity === null ? t('office.services.noLimit') : s.dailyCapacity}{s.stopMinutesBeforeClose ? ` · ${t('office.services.stopShort', { count: s.stopMinutesBeforeClose })}` : ''}</td>
                  <td className={translated(s) < LANGUAGES.length ? 'missing' : undefined}>{t('office.services.translatedCount', { done: translated(s), all: LANGUAGES.length })}</td>
                  <td>{s.active ? t('office.active') : t('office.retired')}</td>
                  <td>
                    <div className="row-actions">
                      <button className="secondary" aria-label={t('office.editLabel', { name })} onClick={() => setEditing({ id: s.id, input: inputOf(s) })}>{t('office.edit')}</button>
                      <button className="secondary" aria-label={t('office.upLabel', { name })} disabled={i === 0} onClick={() => void move(i, -1)}>↑</button>
                      <button className="secondary" aria-label={t('office.downLabel', { name })} disabled={i === services.items.length - 1} onClick={() => void move(i, 1)}>↓</button>
                      {s.active
                        ? <button className="secondary" aria-label={t('office.retireLabel', { name })} onClick={() => void setActive(s, false)}>{t('office.retire')}</button>
                        : <button className="secondary" aria-label={t('office.restoreLabel', { name })} onClick={() => void setActive(s, true)}>{t('office.restore')}</button>}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function freeLetter(services: ServiceConfigT[]): string {
  const used = new Set(services.filter((s) => s.active).map((s) => s.letter));
  return 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').find((l) => !used.has(l)) ?? 'Z';
}
