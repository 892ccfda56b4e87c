import { useTranslation } from 'react-i18next';
import { findLanguage, type ClerkSettingsT, type CounterT, type DeskMarkT, type TicketT } from '@lotse/shared';
import type { DeskMessage } from './useDeskRun.ts';

interface Props {
  current: TicketT | null;
  mark?: DeskMarkT;
  counters: CounterT[];
  outcomes: ClerkSettingsT['outcomes'];
  outcome: string;
  busy: boolean;
  message?: DeskMessage;
  serviceName: (id: string) => string;
  onOutcome: (code: string) => void;
  onCallNext: () => void;
  onRecall: () => void;
  onNoShow: () => void;
  onFinish: () => void;
  onPark: () => void;
  onTransfer: () => void;
  onCallNumber: () => void;
  /** Offered while the current visit is in a language other than the office's own. */
  onAskColleague?: () => void;
}

/** The current visit and every action on it, in one block that stays on screen during a call. */
export function CurrentPanel(p: Props) {
  const { t } = useTranslation('counter');
  const { current, busy } = p;
  const fromName = p.counters.find((c) => c.id === p.mark?.fromCounterId)?.name ?? p.mark?.fromCounterId;
  return (
    <section className="current" aria-labelledby="current-title">
      <h1 id="current-title">{t('workspace.current')}</h1>
      {current ? (
        <div className="current-ticket" data-testid="current-ticket">
          <span className="number">{current.number}</span>
          <span>{p.serviceName(current.serviceId)} · {findLanguage(current.language)?.germanName}</span>
        </div>
      ) : (
        <p>{t('workspace.noCurrent')}</p>
      )}
      {current && p.mark?.note && (
        <p className="transfer-note" data-testid="transfer-note"><strong>{t('desk.noteFrom', { counter: fromName })}:</strong> {p.mark.note}</p>
      )}
      <div className="actions">
        <button className="primary-action" disabled={busy} onClick={p.onCallNext}>{t('workspace.callNext')}</button>
        <button className="secondary" disabled={busy || !current} onClick={p.onRecall}>{t('workspace.recall')}</button>
        <button className="secondary" disabled={busy || !current} onClick={p.onNoShow}>{t('workspace.noShow')}</button>
        <span className="finish-group">
          <label className="visually-hidden" htmlFor="outcome-select">{t('desk.outcome')}</label>
          <select id="outcome-select" value={p.outcome} disabled={!current} onChange={(e) => p.onOutcome(e.target.value)} title={t('desk.outcome')}>
            {p.outcomes.map((o) => <option key={o.code} value={o.code}>{o.label}</option>)}
          </select>
          <button className="secondary" disabled={busy || !current} onClick={p.onFinish}>{t('workspace.finish')}</button>
        </span>
        <button className="secondary" disabled={busy || !current} onClick={p.onPark} title={t('desk.parkHint')}>{t('desk.park')}</button>
        <button className="secondary" disabled={busy || !current} onClick={p.onTransfer}>{t('desk.transfer')}</button>
        <button className="secondary" disabled={busy} onClick={p.onCallNumber}>{t('desk.callNumber')}</button>
        <button className="secondary" disabled={busy || !current || !p.onAskColleague} onClick={p.onAskColleague} title={t('desk.askColleagueHint')}>{t('desk.askColleague')}</button>
      </div>
      <p role="status" className={`desk-message ${p.message?.error ? 'error' : 'ok'}`} data-testid="desk-message">{p.message?.text}</p>
    </section>
  );
}
