import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { ClosedDayT, OpeningHoursT, WeekdayHoursT } from '@lotse/shared';
import { useAction } from './useAdminApi.ts';
import type { AdminPageProps } from './AdminPage.tsx';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** "2026-12-25 1. Weihnachtstag" or "25.12.2026 1. Weihnachtstag", one a line; the bad lines are named. */
export function parseClosedDays(text: string): { days: ClosedDayT[]; bad: string[] } {
  const days: ClosedDayT[] = [];
  const bad: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const iso = /^(\d{4})-(\d{2})-(\d{2})\s*(.*)$/.exec(line);
    const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(.*)$/.exec(line);
    const [y, m, d, label] = iso ? [iso[1], iso[2], iso[3], iso[4]] : de ? [de[3], de[2].padStart(2, '0'), de[1].padStart(2, '0'), de[4]] : [];
    const day = y ? `${y}-${m}-${d}` : '';
    const valid = day && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
    if (valid) days.push({ day, label: (label ?? '').slice(0, 80) });
    else bad.push(line);
  }
  return { days, bad };
}

/** "Öffnungszeiten": hours per weekday and closed days; walk-in capacity is set per service. */
export function HoursSection({ token }: AdminPageProps) {
  const { t } = useTranslation('counter');
  const [weekdays, setWeekdays] = useState<WeekdayHoursT[]>([]);
  const [closedText, setClosedText] = useState('');
  const [bad, setBad] = useState<string[]>([]);
  const { error, status, run } = useAction();
  const take = (h: OpeningHoursT) => {
    setWeekdays(WEEKDAYS.map((weekday) => h.weekdays.find((w) => w.weekday === weekday) ?? { weekday, opens: null, closes: null }));
    setClosedText(h.closedDays.map((c) => `${c.day} ${c.label}`.trim()).join('\n'));
  };
  useEffect(() => void apiFetch<OpeningHoursT>('/api/v1/office/hours', { token }).then(take, () => undefined), [token]);
  const set = (weekday: number, patch: Partial<WeekdayHoursT>) => setWeekdays(weekdays.map((w) => (w.weekday === weekday ? { ...w, ...patch } : w)));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseClosedDays(closedText);
    setBad(parsed.bad);
    if (parsed.bad.length) return;
    await run(async () => take(await apiFetch<OpeningHoursT>('/api/v1/office/hours', { token, method: 'PUT', body: { weekdays, closedDays: parsed.days } })), t('office.hours.saved'));
  };
  return (
    <section aria-labelledby="hours-title">
      <h2 id="hours-title" className="visually-hidden">{t('office.nav.hours')}</h2>
      <p>{t('office.hours.intro')}</p>
      <form onSubmit={(e) => void save(e)} className="stack">
        <table>
          <thead><tr><th scope="col">{t('office.hours.weekday')}</th><th scope="col">{t('office.hours.open')}</th><th scope="col">{t('office.hours.opens')}</th><th scope="col">{t('office.hours.closes')}</th></tr></thead>
          <tbody>
            {weekdays.map((w) => {
              const day = t(`office.weekdays.${w.weekday}`);
              const open = w.opens !== null;
              return (
                <tr key={w.weekday}>
                  <th scope="row">{day}</th>
                  <td><input type="checkbox" aria-label={t('office.hours.openOn', { day })} checked={open} onChange={(e) => set(w.weekday, e.target.checked ? { opens: '08:00', closes: '16:00' } : { opens: null, closes: null })} /></td>
                  <td>{open && <input type="time" aria-label={t('office.hours.opensOn', { day })} value={w.opens ?? ''} required onChange={(e) => set(w.weekday, { opens: e.target.value })} />}</td>
                  <td>{open && <input type="time" aria-label={t('office.hours.closesOn', { day })} value={w.closes ?? ''} required onChange={(e) => set(w.weekday, { closes: e.target.value })} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <label className="field">{t('office.hours.closedDays')}
          <textarea value={closedText} rows={8} onChange={(e) => setClosedText(e.target.value)} aria-describedby="closed-days-help" />
        </label>
        <p id="closed-days-help" className="muted">{t('office.hours.closedDaysHelp')}</p>
        {bad.length > 0 && <p role="alert" className="error">{t('office.hours.badLines', { lines: bad.join('; ') })}</p>}
        <button type="submit">{t('office.save')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {status && <p role="status">{status}</p>}
    </section>
  );
}
