import { useCallback, useEffect, useRef, useState } from 'react';
import { ulid } from 'ulid';
import { C2S, type LanguageCode, type TicketReceiptT } from '@lotse/shared';
import { ApiClientError, type LotseConnection } from '@lotse/shared/client';
import type { OutboxEntry } from '../offline/outbox.ts';
import type { Reconciled } from '../offline/replay.ts';
import { outboxMayHoldCheckIns } from '../offline/outboxHint.ts';

export type CheckInResult = { kind: 'ticket'; receipt: TicketReceiptT } | { kind: 'offline'; entry: OutboxEntry };

/** How long a walk-in waits for the server before the check-in goes to the outbox instead. */
const CREATE_TIMEOUT_MS = 4000;
/** Reconciled numbers stay on the start screen this long. */
const RECONCILED_SHOW_MS = 30 * 60_000;

/** Transport trouble (not a refusal): the check-in is kept on the kiosk and delivered later. */
function isTransportError(err: unknown): boolean {
  return err instanceof ApiClientError ? err.code === 'TIMEOUT' || err.code === 'NETWORK' || err.code === 'UNAVAILABLE' : true;
}

/**
 * Walk-in check-ins, online or offline. Online: `ticket:create` with a kiosk-made ULID. Offline (socket down or no
 * answer in time): the same ULID goes into the Dexie outbox with a provisional number; the replay loop (loaded
 * lazily, with Dexie) delivers it when the server is back and reports the final number. Dexie is not part of the
 * first screen: it loads when a citizen starts, or at once when the outbox may hold undelivered check-ins.
 */
export function useCheckIns(connection: LotseConnection | undefined, up: boolean, citizenStarted: boolean) {
  const [reconciled, setReconciled] = useState<Reconciled[]>([]);
  const [pending, setPending] = useState(0);
  const replay = useRef<{ kick: () => void; stop: () => void }>(undefined);
  const startReplay = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    if (!connection) return;
    let stopped = false;
    let loading: Promise<void> | undefined;
    startReplay.current = () => {
      loading ??= import('../offline/replay.ts').then(({ startReplay: start }) => {
        if (stopped) return;
        replay.current = start(
          connection,
          (r) => setReconciled((prev) => [r, ...prev.filter((p) => p.id !== r.id && Date.now() - p.at < RECONCILED_SHOW_MS)].slice(0, 6)),
          setPending,
        );
      }, (err: unknown) => {
        loading = undefined; // not loaded (offline, no cache yet): the next check-in tries again
        throw err;
      });
      return loading;
    };
    // An empty outbox (the usual start) loads Dexie only when a check-in goes offline.
    void outboxMayHoldCheckIns().then((may) => {
      if (may && !stopped) void startReplay.current().catch(() => undefined);
    });
    return () => {
      stopped = true;
      replay.current?.stop();
      replay.current = undefined;
    };
  }, [connection]);

  // Not on the first screen (its budget), but as soon as a citizen starts: an offline check-in a minute later
  // then finds the outbox code already loaded, even where no service worker has cached it yet.
  useEffect(() => {
    if (citizenStarted) void import('../offline/replay.ts').catch(() => undefined); // and outbox.ts with it
  }, [citizenStarted]);

  const checkIn = useCallback(
    async (serviceId: string, language: LanguageCode): Promise<CheckInResult> => {
      const id = ulid();
      const checkedInAt = new Date().toISOString();
      if (connection && up) {
        try {
          // The id is made here so that a retry after a lost answer returns the same ticket.
          const receipt = await connection.request(C2S.ticketCreate, { id, serviceId, language }, CREATE_TIMEOUT_MS);
          return { kind: 'ticket', receipt };
        } catch (err) {
          if (!isTransportError(err)) throw err;
        }
      }
      const { enqueueCheckIn, countPending } = await import('../offline/outbox.ts');
      const entry = await enqueueCheckIn({ id, serviceId, language, checkedInAt });
      setPending(await countPending());
      // Stored is what counts; delivery starts now, or with the next start if the replay code cannot load yet.
      await startReplay.current().catch(() => undefined);
      replay.current?.kick();
      return { kind: 'offline', entry };
    },
    [connection, up],
  );

  return { checkIn, reconciled, pending };
}
