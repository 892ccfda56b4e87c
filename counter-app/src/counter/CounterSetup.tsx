import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CounterT, ServiceT } from '@lotse/shared';

interface Props {
  counters: CounterT[];
  services: ServiceT[];
  initial?: { counterId: string; serviceIds: string[] };
  onOpen: (setup: { counterId: string; serviceIds: string[] }) => void;
}

export function CounterSetup({ counters, services, initial, onOpen }: Props) {
  const { t } = useTranslation(['counter', 'services']);
  const [counterId, setCounterId] = useState(initial?.counterId ?? '');
  const [serviceIds, setServiceIds] = useState<string[]>(initial?.serviceIds ?? []);
  const toggle = (id: string) => setServiceIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (counterId && serviceIds.length) onOpen({ counterId, serviceIds });
  };
  return (
    <main className="narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">{t('setup.title')}</h1>
      <form onSubmit={submit} className="stack">
        <label htmlFor="counter-select">{t('setup.counter')}</label>
        <select id="counter-select" value={counterId} required onChange={(e) => {
          setCounterId(e.target.value);
          // The admin's default services for this counter (issue 11), until the clerk picks others.
          const defaults = counters.find((c) => c.id === e.target.value)?.defaultServiceIds;
          if (defaults?.length) setServiceIds(defaults);
        }}>
          <option value="" disabled>—</option>
          {counters.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <fieldset>
          <legend>{t('setup.services')}</legend>
          {services.filter((s) => s.active).map((s) => (
            <label key={s.id} className="check">
              <input type="checkbox" checked={serviceIds.includes(s.id)} onChange={() => toggle(s.id)} name="service" value={s.id} />
              {s.letter} · {t(`services:${s.id}.name`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={!counterId || serviceIds.length === 0}>{t('setup.open')}</button>
      </form>
    </main>
  );
}
