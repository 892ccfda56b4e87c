import { useTranslation } from 'react-i18next';
import { findLanguage, type CounterT, type QueueSnapshotT } from '@lotse/shared';

interface Props {
  counterId: string;
  queue?: QueueSnapshotT;
  counters: CounterT[];
  /** The clerk's languages besides the office's own. */
  languages: ReadonlySet<string>;
  busy: boolean;
  onAccept: (number: string) => void;
  onTakeBack: (number: string) => void;
}

/** Colleagues asking for someone who speaks a language this clerk speaks, and this desk's own open requests. */
export function HelpRequests({ counterId, queue, counters, languages, busy, onAccept, onTakeBack }: Props) {
  const { t } = useTranslation('counter');
  const marks = queue?.marks ?? {};
  const asking = (queue?.waiting ?? []).filter((w) => marks[w.id]?.helpLanguage);
  const forMe = asking.filter((w) => marks[w.id]?.fromCounterId !== counterId && languages.has(w.language));
  const mine = asking.filter((w) => marks[w.id]?.fromCounterId === counterId);
  if (forMe.length === 0 && mine.length === 0) return null;
  const counterName = (id?: string) => counters.find((c) => c.id === id)?.name ?? id ?? '';
  return (
    <section className="help-requests" aria-labelledby="help-title" data-testid="help-requests">
      <h2 id="help-title">{t(forMe.length ? 'desk.help.title' : 'desk.help.own')}</h2>
      <ul className="plain-list">
        {forMe.map((w) => (
          <li key={w.id}>
            <span><strong>{w.number}</strong> {t('desk.help.from', { language: findLanguage(w.language)?.germanName ?? w.language, counter: counterName(marks[w.id]?.fromCounterId) })}</span>
            <button type="button" className="small" disabled={busy} onClick={() => onAccept(w.number)}>{t('desk.help.accept')}</button>
          </li>
        ))}
        {mine.map((w) => (
          <li key={w.id}>
            <span><strong>{w.number}</strong> {t('desk.help.own')} ({findLanguage(w.language)?.germanName ?? w.language})</span>
            <button type="button" className="secondary small" disabled={busy} onClick={() => onTakeBack(w.number)}>{t('desk.help.takeBack')}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
