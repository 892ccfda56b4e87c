import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CALL_REASONS, type CallReasonT, type CounterT, type CounterTransferInputT, type ServiceT } from '@lotse/shared';

/** A modal dialog (native: focus stays inside, Escape closes, the page behind is inert). */
function Modal({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="desk-dialog" aria-labelledby={`${testId}-title`} data-testid={testId} onClose={onClose}>
      <h2 id={`${testId}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

export type TransferChoice = Omit<CounterTransferInputT, 'counterId'>;

interface TransferProps {
  number: string;
  /** Given for a parked ticket; omitted for the counter's current one. */
  parked: boolean;
  serviceId: string;
  services: ServiceT[];
  counters: CounterT[];
  ownCounterId: string;
  serviceName: (id: string) => string;
  onSubmit: (choice: TransferChoice) => void;
  onClose: () => void;
}

/** Where the visit goes next, with a short note for the next clerk and whether it keeps its place. */
export function TransferDialog({ number, parked, serviceId, services, counters, ownCounterId, serviceName, onSubmit, onClose }: TransferProps) {
  const { t } = useTranslation('counter');
  const [to, setTo] = useState<'service' | 'counter'>('service');
  const [service, setService] = useState(serviceId);
  const others = counters.filter((c) => c.id !== ownCounterId);
  const [counter, setCounter] = useState(others[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [position, setPosition] = useState<'keep' | 'front'>('keep');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({
      ...(parked ? { number } : {}),
      ...(to === 'service' ? { serviceId: service } : { targetCounterId: counter }),
      ...(note.trim() ? { note: note.trim() } : {}),
      position,
    });
  };
  return (
    <Modal title={t('desk.transferDialog.title', { number })} onClose={onClose} testId="transfer-dialog">
      <form onSubmit={submit} className="stack">
        <fieldset>
          <legend>{t('desk.transferDialog.to')}</legend>
          <label className="check"><input type="radio" name="to" checked={to === 'service'} onChange={() => setTo('service')} />{t('desk.transferDialog.toService')}</label>
          <label className="check"><input type="radio" name="to" checked={to === 'counter'} onChange={() => setTo('counter')} disabled={others.length === 0} />{t('desk.transferDialog.toCounter')}</label>
        </fieldset>
        {to === 'service' ? (
          <>
            <label className="field" htmlFor="transfer-service">{t('desk.transferDialog.service')}</label>
            <select id="transfer-service" value={service} onChange={(e) => setService(e.target.value)}>
              {services.filter((s) => s.active).map((s) => <option key={s.id} value={s.id}>{s.letter} · {serviceName(s.id)}</option>)}
            </select>
          </>
        ) : (
          <>
            <label className="field" htmlFor="transfer-counter">{t('desk.transferDialog.counter')}</label>
            <select id="transfer-counter" value={counter} onChange={(e) => setCounter(e.target.value)}>
              {others.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </>
        )}
        <label className="field" htmlFor="transfer-note">{t('desk.transferDialog.note')}</label>
        <textarea id="transfer-note" value={note} maxLength={200} rows={2} onChange={(e) => setNote(e.target.value)} aria-describedby="transfer-note-help" />
        <small id="transfer-note-help">{t('desk.transferDialog.noteHelp')}</small>
        <fieldset>
          <legend>{t('desk.transferDialog.position')}</legend>
          <label className="check"><input type="radio" name="position" checked={position === 'keep'} onChange={() => setPosition('keep')} />{t('desk.transferDialog.keep')}</label>
          <label className="check"><input type="radio" name="position" checked={position === 'front'} onChange={() => setPosition('front')} />{t('desk.transferDialog.front')}</label>
        </fieldset>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>{t('desk.transferDialog.cancel')}</button>
          <button type="submit" disabled={to === 'counter' && !counter}>{t('desk.transferDialog.submit')}</button>
        </div>
      </form>
    </Modal>
  );
}

/** Call a number out of order: the number (prefilled from the list) and a reason from a fixed list for the audit. */
export function CallNumberDialog({ initial, onSubmit, onClose }: { initial: string; onSubmit: (number: string, reason: CallReasonT) => void; onClose: () => void }) {
  const { t } = useTranslation('counter');
  const [number, setNumber] = useState(initial);
  const [reason, setReason] = useState<CallReasonT>('other');
  const valid = /^[A-Za-z] ?-? ?[0-9]{1,6}$/.test(number.trim());
  return (
    <Modal title={t('desk.callDialog.title')} onClose={onClose} testId="call-dialog">
      <form className="stack" onSubmit={(e) => {
        e.preventDefault();
        if (valid) onSubmit(number.trim(), reason);
      }}>
        <label className="field" htmlFor="call-number">{t('desk.callDialog.number')}</label>
        <input id="call-number" value={number} onChange={(e) => setNumber(e.target.value)} autoComplete="off" required aria-invalid={!valid && number !== ''} />
        <label className="field" htmlFor="call-reason">{t('desk.callDialog.reason')}</label>
        <select id="call-reason" value={reason} onChange={(e) => setReason(e.target.value as CallReasonT)}>
          {CALL_REASONS.map((r) => <option key={r} value={r}>{t(`desk.callDialog.reasons.${r}`)}</option>)}
        </select>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>{t('desk.callDialog.cancel')}</button>
          <button type="submit" disabled={!valid}>{t('desk.callDialog.submit')}</button>
        </div>
      </form>
    </Modal>
  );
}
