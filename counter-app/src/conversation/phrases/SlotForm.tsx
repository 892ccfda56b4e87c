import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { C2S, type CounterT } from '@lotse/shared';
import type { LotseConnection } from '@lotse/shared/client';
import { isSlotValue, renderPhrase, type Phrase, type SlotTypeT, type SlotValuesT } from '@lotse/shared/phrasebook';

interface Props {
  connection: LotseConnection;
  phrase: Phrase;
  initial: SlotValuesT;
  onSend: (slots: SlotValuesT) => void;
  onCancel: () => void;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const weekdayName = (wd: number) => new Intl.DateTimeFormat('de-DE', { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 4 + wd, 12)));

/** A phrase's slots filled from pickers (never free text inside the reviewed sentence), with a German preview. */
export function SlotForm({ connection, phrase, initial, onSend, onCancel }: Props) {
  const { t } = useTranslation(['counter', 'services']);
  const [values, setValues] = useState<SlotValuesT>(initial);
  const [counters, setCounters] = useState<CounterT[]>([]);
  const types = Object.values(phrase.slots);
  useEffect(() => {
    if (types.includes('counter')) void connection.request(C2S.countersList, {}).then(setCounters).catch(() => undefined);
  }, [connection, types.join()]);
  const services = t('services:', { returnObjects: true }) as unknown as Record<string, { name?: string; bring?: string[] }>;
  const complete = Object.entries(phrase.slots).every(([name, type]) => isSlotValue(type, values[name]));
  let preview = '';
  try {
    if (complete) preview = renderPhrase(phrase, 'de', values, {
      documentName: (service, item) => services[service]?.bring?.[item],
      counterName: (id) => counters.find((c) => c.id === id)?.name,
    });
  } catch {
    preview = '';
  }
  const set = (name: string, v: string | number | undefined) => setValues((old) => {
    const next = { ...old };
    if (v === undefined || v === '' || Number.isNaN(v)) delete next[name];
    else next[name] = v;
    return next;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (complete) onSend(values);
  };
  const field = (name: string, type: SlotTypeT) => {
    const id = `slot-${phrase.id}-${name}`;
    const v = values[name];
    const label = <label htmlFor={id}>{t(`conversation.phrasebook.slots.${type}`)}</label>;
    switch (type) {
      case 'date': return <>{label}<input id={id} type="date" value={String(v ?? '')} onChange={(e) => set(name, e.target.value)} /></>;
      case 'time': return <>{label}<input id={id} type="time" step={300} value={String(v ?? '')} onChange={(e) => set(name, e.target.value)} /></>;
      case 'amount': return <>{label}<input id={id} type="number" min={0} step={0.01} inputMode="decimal" value={typeof v === 'number' ? (v / 100).toFixed(2) : ''} onChange={(e) => set(name, Math.round(parseFloat(e.target.value) * 100))} /></>;
      case 'weeks': return <>{label}<input id={id} type="number" min={1} max={104} value={typeof v === 'number' ? v : ''} onChange={(e) => set(name, parseInt(e.target.value, 10))} /></>;
      case 'weekday': return <>{label}<select id={id} value={String(v ?? '')} onChange={(e) => set(name, e.target.value ? +e.target.value : undefined)}><option value="">{t('conversation.phrasebook.choose')}</option>{WEEKDAYS.map((d) => <option key={d} value={d}>{weekdayName(d)}</option>)}</select></>;
      case 'document': return <>{label}<select id={id} value={String(v ?? '')} onChange={(e) => set(name, e.target.value)}><option value="">{t('conversation.phrasebook.choose')}</option>{Object.entries(services).map(([sid, s]) => (
        <optgroup key={sid} label={s.name ?? sid}>{(s.bring ?? []).map((b, i) => <option key={i} value={`${sid}:${i}`}>{b}</option>)}</optgroup>
      ))}</select></>;
      case 'counter': return <>{label}<select id={id} value={String(v ?? '')} onChange={(e) => set(name, e.target.value)}><option value="">{t('conversation.phrasebook.choose')}</option>{counters.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></>;
    }
  };
  return (
    <form className="slot-form" onSubmit={submit} aria-labelledby={`slots-${phrase.id}`} data-testid="slot-form">
      <p id={`slots-${phrase.id}`} className="slot-phrase">{t('conversation.phrasebook.slotsTitle')}: {phrase.text.de}</p>
      <div className="slot-fields">
        {Object.entries(phrase.slots).map(([name, type]) => <div key={name} className="field">{field(name, type)}</div>)}
      </div>
      {preview && <p className="slot-preview" lang="de">{preview}</p>}
      <div className="slot-actions">
        <button type="submit" disabled={!complete}>{t('conversation.phrasebook.send')}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t('conversation.phrasebook.cancel')}</button>
      </div>
    </form>
  );
}
