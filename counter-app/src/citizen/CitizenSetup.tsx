import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { CounterT } from '@lotse/shared';

export interface CitizenCounter { id: string; name: string }

const KEY = 'lotse.citizen.counter';
const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function loadCitizenCounter(): CitizenCounter | undefined {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<CitizenCounter> | null;
    return v && typeof v.id === 'string' && ID.test(v.id) ? { id: v.id, name: typeof v.name === 'string' ? v.name : v.id } : undefined;
  } catch {
    return undefined;
  }
}

export function saveCitizenCounter(c: CitizenCounter | undefined): void {
  if (c) localStorage.setItem(KEY, JSON.stringify(c));
  else localStorage.removeItem(KEY);
}

/**
 * Set up once by staff (German): which counter this citizen screen follows. The list comes from the server when
 * it lets this device read it; otherwise the counter's id is typed (or given as `?counter=` in the setup link).
 */
export function CitizenSetup({ deviceToken, onChosen }: { deviceToken: string; onChosen: (c: CitizenCounter) => void }) {
  const { t } = useTranslation('counter');
  const [counters, setCounters] = useState<CounterT[]>();
  const [id, setId] = useState(() => new URLSearchParams(location.search).get('counter') ?? '');
  const [name, setName] = useState('');
  useEffect(() => {
    apiFetch<CounterT[]>('/api/v1/counters', { deviceToken }).then(setCounters, () => setCounters([]));
  }, [deviceToken]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = id.trim().toLowerCase();
    if (!ID.test(value)) return;
    onChosen({ id: value, name: counters?.find((c) => c.id === value)?.name ?? (name.trim() || value) });
  };
  return (
    <main className="narrow" aria-labelledby="citizen-setup-title">
      <h1 id="citizen-setup-title">{t('citizenSetup.title')}</h1>
      <p>{t('citizenSetup.intro')}</p>
      <form className="stack" onSubmit={submit}>
        {counters && counters.length > 0 ? (
          <>
            <label htmlFor="citizen-counter">{t('citizenSetup.counter')}</label>
            <select id="citizen-counter" value={id} onChange={(e) => setId(e.target.value)} required>
              <option value="" />
              {counters.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </>
        ) : (
          <>
            <label htmlFor="citizen-counter-id">{t('citizenSetup.counterId')}</label>
            <input id="citizen-counter-id" value={id} onChange={(e) => setId(e.target.value)} pattern="[a-z0-9][a-z0-9\-]*" maxLength={40} required autoComplete="off" spellCheck={false} />
            <label htmlFor="citizen-counter-name">{t('citizenSetup.counterName')}</label>
            <input id="citizen-counter-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} autoComplete="off" />
          </>
        )}
        <button type="submit">{t('citizenSetup.save')}</button>
      </form>
    </main>
  );
}
