import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LotseConnection } from '@lotse/shared/client';
import { C2S, DEFAULT_OUTCOMES, findLanguage, type CallReasonT, type ClerkSettingsT, type CounterStateT, type CounterT, type QueueSnapshotT, type ServiceT, type TicketT } from '@lotse/shared';
import { useSession } from '../conversation/useSession.ts';
import { useMicCapture } from '../conversation/useMicCapture.ts';
import { ConversationPanel } from '../conversation/ConversationPanel.tsx';
import { CitizenPane } from '../citizen/CitizenPane.tsx';
import { CurrentPanel } from './CurrentPanel.tsx';
import { WaitingList } from './WaitingList.tsx';
import { ParkedList, type RecentNoShow } from './ParkedList.tsx';
import { CallNumberDialog, TransferDialog, type TransferChoice } from './DeskDialogs.tsx';
import { HelpRequests } from './HelpRequests.tsx';
import { clock, useDeskRun } from './useDeskRun.ts';

interface Props {
  connection: LotseConnection;
  state: CounterStateT;
  queue?: QueueSnapshotT;
  services: ServiceT[];
  counters: CounterT[];
  /** Languages the signed-in clerk speaks (from the staff account). */
  languages: readonly string[];
  /** The socket is connected (the session is fetched again after every reconnect). */
  online: boolean;
  onState: (s: CounterStateT) => void;
}

type TransferTarget = { number: string; serviceId: string; parked: boolean };

/**
 * The clerk's desk: the current visit with every action on it, parked tickets, who waits, and, while a ticket is
 * called, the conversation (in single-tablet mode with the citizen's half turned towards them at the top). Laid out
 * for 1280×800 without page scrolling: each column scrolls inside itself.
 */
export function Workspace({ connection, state, queue, services, counters, languages, online, onState }: Props) {
  const { t } = useTranslation(['counter', 'common', 'services']);
  const { run, busy, message } = useDeskRun();
  const [settings, setSettings] = useState<Pick<ClerkSettingsT, 'outcomes' | 'noShowRecallMinutes'>>({ outcomes: [...DEFAULT_OUTCOMES], noShowRecallMinutes: 15 });
  const [outcome, setOutcome] = useState<string>(DEFAULT_OUTCOMES[0].code);
  const [transfer, setTransfer] = useState<TransferTarget>();
  const [callNumber, setCallNumber] = useState<string>();
  const [noShows, setNoShows] = useState<RecentNoShow[]>([]);
  const counterId = state.counter.id;
  const current = state.current;
  // Every clerk speaks German: only the other languages mark tickets and can be asked for.
  const spoken = new Set(languages.filter((l) => l !== 'de' && l !== 'de-simple'));
  const view = useSession(connection, counterId, online);
  const session = view.session;
  const single = session?.mode === 'single';
  // This device's microphone: in single-tablet mode it serves both speakers, with two devices only the clerk.
  const mic = useMicCapture({
    connection,
    sessionId: session?.id,
    enabled: !!session && session.consent.status === 'given' && session.capture.active,
    sending: !!session && (single || session.capture.speaker === 'clerk'),
    turn: session?.capture.speaker ?? 'clerk',
  });

  useEffect(() => {
    if (!online) return;
    void connection.request(C2S.clerkSettingsGet, {}).then((s) => {
      setSettings(s);
      setOutcome((o) => (s.outcomes.some((x) => x.code === o) ? o : s.outcomes[0].code));
    }).catch(() => undefined);
  }, [connection, online]);

  const serviceName = (id: string) => t(`services:${id}.name`, { defaultValue: services.find((s) => s.id === id)?.name ?? id });
  const counterName = (id?: string) => counters.find((c) => c.id === id)?.name ?? id ?? '';
  const called = (c: { ticketNumber: string; counterName: string }) => t('workspace.called', { number: c.ticketNumber, counter: c.counterName });

  const actions = {
    onCallNext: () => void run(async () => called(await connection.request(C2S.counterCallNext, { counterId }))),
    onRecall: () => void run(async () => {
      const c = await connection.request(C2S.counterRecall, { counterId });
      return t('desk.recalled', { number: c.ticketNumber, counter: c.counterName, time: clock(c.calledAt) });
    }),
    onNoShow: () => void run(async () => {
      const number = current?.number ?? '';
      onState(await connection.request(C2S.counterNoShow, { counterId }));
      if (settings.noShowRecallMinutes > 0) setNoShows((list) => [...list.filter((n) => n.number !== number), { number, until: Date.now() + settings.noShowRecallMinutes * 60_000 }]);
      return t('desk.noShowDone', { number });
    }),
    onFinish: () => void run(async () => {
      const number = current?.number ?? '';
      onState(await connection.request(C2S.counterFinish, { counterId, outcome }));
      return t('desk.finished', { number, outcome: settings.outcomes.find((o) => o.code === outcome)?.label ?? outcome });
    }),
    onPark: () => void run(async () => {
      const number = current?.number ?? '';
      onState(await connection.request(C2S.counterPark, { counterId }));
      return t('desk.parkedDone', { number });
    }),
    onTransfer: () => current && setTransfer({ number: current.number, serviceId: current.serviceId, parked: false }),
    onCallNumber: () => setCallNumber(''),
    onAskColleague: current && current.language !== 'de' && current.language !== 'de-simple' ? () => void run(async () => {
      const number = current.number;
      onState(await connection.request(C2S.counterAskColleague, { counterId }));
      return t('desk.asked', { number, language: findLanguage(current.language)?.germanName ?? current.language });
    }) : undefined,
  };
  const acceptHelp = (number: string) => void run(async () => {
    const c = await connection.request(C2S.counterAcceptHelp, { counterId, number });
    return t('desk.accepted', { number: c.ticketNumber, counter: c.counterName });
  });
  const takeBack = (number: string) => void run(async () => called(await connection.request(C2S.counterCallTicket, { counterId, number, reason: 'returning' })));
  const doTransfer = (choice: TransferChoice) => {
    const number = transfer?.number ?? '';
    setTransfer(undefined);
    void run(async () => {
      onState(await connection.request(C2S.counterTransfer, { counterId, ...choice }));
      return t('desk.transferred', { number, target: choice.targetCounterId ? counterName(choice.targetCounterId) : serviceName(choice.serviceId ?? '') });
    });
  };
  const doCallNumber = (number: string, reason: CallReasonT) => {
    setCallNumber(undefined);
    void run(async () => called(await connection.request(C2S.counterCallTicket, { counterId, number, reason })));
  };
  const resume = (number: string) => void run(async () => {
    const c = await connection.request(C2S.counterResume, { counterId, number });
    return t('desk.resumed', { number: c.ticketNumber, counter: c.counterName });
  });
  const recallNoShow = (number: string) => void run(async () => {
    const c = await connection.request(C2S.counterRecallNoShow, { counterId, number });
    setNoShows((list) => list.filter((n) => n.number !== number));
    return called(c);
  });

  return (
    <main className={`workspace${session ? ' with-conversation' : ''}${single ? ' single' : ''}`}>
      {session && single && (
        <CitizenPane connection={connection} view={view} counterName={state.counter.name} endUtterance={mic.endUtterance} rotated micStatus={mic.status} />
      )}
      <div className="desk">
        {/* A colleague's request comes first: someone waits at another counter. */}
        <HelpRequests counterId={counterId} queue={queue} counters={counters} languages={spoken} busy={busy} onAccept={acceptHelp} onTakeBack={takeBack} />
        <CurrentPanel current={current} mark={current ? queue?.marks?.[current.id] : undefined} counters={counters} outcomes={settings.outcomes}
          outcome={outcome} onOutcome={setOutcome} busy={busy} message={message} serviceName={serviceName} {...actions} />
        <ParkedList queue={queue} serviceIds={state.serviceIds} counters={counters} noShows={noShows} busy={busy} serviceName={serviceName}
          onResume={resume} onTransfer={(p: TicketT) => setTransfer({ number: p.number, serviceId: p.serviceId, parked: true })} onRecallNoShow={recallNoShow} />
        <WaitingList counterId={counterId} serviceIds={state.serviceIds} queue={queue} counters={counters} languages={spoken}
          serviceName={serviceName} onCall={(number) => setCallNumber(number)} />
      </div>
      {session ? (
        <ConversationPanel connection={connection} view={{ ...view, session }} mic={mic} />
      ) : (
        current && view.ended && <p className="conversation-ended" role="status">{t('conversation.ended')}</p>
      )}
      {transfer && (
        <TransferDialog number={transfer.number} parked={transfer.parked} serviceId={transfer.serviceId} services={services} counters={counters}
          ownCounterId={counterId} serviceName={serviceName} onSubmit={doTransfer} onClose={() => setTransfer(undefined)} />
      )}
      {callNumber !== undefined && <CallNumberDialog initial={callNumber} onSubmit={doCallNumber} onClose={() => setCallNumber(undefined)} />}
    </main>
  );
}
