import { C2S, DEFAULT_LANGUAGE, isLanguageCode, type TicketReceiptT } from '@lotse/shared';
import type { LotseConnection } from '@lotse/shared/client';
import { ApiClientError } from '@lotse/shared/client';
import { markAttempt, pendingCheckIns, removeDelivered, type OutboxEntry } from './outbox.ts';

export interface Reconciled {
  id: string;
  provisionalNumber: string;
  number: string;
  at: number;
}

/** Errors that will not go away by retrying; the entry stays (never lost) but waits for the next round. */
const PERMANENT = new Set(['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN']);

/**
 * Delivers the outbox, oldest first, exactly once: the server deduplicates by the ULID, and a row is deleted only
 * after an ok acknowledgement, so a lost answer just means the same id is sent again. One delivery at a time
 * (also across tabs, through Web Locks where the browser has them).
 */
export function startReplay(conn: LotseConnection, onDelivered: (r: Reconciled, receipt: TicketReceiptT) => void, onPending: (n: number) => void) {
  let running = false;
  let again = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let backoff = 1000;

  async function deliverAll(): Promise<number> {
    const rows = await pendingCheckIns();
    let left = rows.length;
    for (const row of rows) {
      if (stopped || !conn.socket.connected) break;
      try {
        const receipt = await deliver(row);
        await removeDelivered(row.id);
        left--;
        onDelivered({ id: row.id, provisionalNumber: row.provisionalNumber, number: receipt.ticket.number, at: Date.now() }, receipt);
      } catch (err) {
        await markAttempt(row.id);
        if (!(err instanceof ApiClientError && PERMANENT.has(err.code))) break; // transport trouble: retry later, keep order
      }
    }
    return left;
  }

  function deliver(row: OutboxEntry): Promise<TicketReceiptT> {
    return conn.request(C2S.ticketCreate, {
      id: row.id,
      serviceId: row.serviceId,
      language: isLanguageCode(row.language) ? row.language : DEFAULT_LANGUAGE,
      checkedInAt: row.checkedInAt,
      provisionalNumber: row.provisionalNumber,
    }, 8000);
  }

  async function round() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    clearTimeout(timer);
    try {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      const left = locks ? await locks.request('lotse-outbox', () => deliverAll()) : await deliverAll();
      onPending(left);
      backoff = left > 0 ? Math.min(backoff * 2, 30_000) : 1000;
      if (left > 0) timer = setTimeout(() => void round(), backoff);
    } catch {
      timer = setTimeout(() => void round(), (backoff = Math.min(backoff * 2, 30_000)));
    } finally {
      running = false;
    }
    if (again) void round();
  }

  const onConnect = () => {
    backoff = 1000;
    void round();
  };
  conn.socket.on('connect', onConnect);
  if (conn.socket.connected) void round();
  return {
    /** Call after a new entry was queued: delivers at once if the server is there. */
    kick: () => void round(),
    stop() {
      stopped = true;
      clearTimeout(timer);
      conn.socket.off('connect', onConnect);
    },
  };
}
