import type { CallT, TicketT } from '@lotse/shared';

/**
 * What the queue tells the rest of the server once a change has committed. Each event carries what its listeners
 * need (a changed ticket comes with its new status), so nobody reads the queue again to learn what happened.
 */
export type QueueEvent =
  | { type: 'callCreated'; call: CallT }
  /** The waiting list or a counter's state changed: the counters' snapshot is stale. */
  | { type: 'queueChanged' }
  | { type: 'counterChanged'; counterId: string }
  /** A ticket's status, counter or times changed; `ticket` is its state after the change. */
  | { type: 'ticketChanged'; ticket: TicketT }
  /** A new ticket committed (walk-in or appointment check-in); `ticketChanged` follows only on later changes. */
  | { type: 'ticketCreated'; ticket: TicketT }
  /** Positions or estimates of the waiting tickets of these services may have moved (mobile ticket pages). */
  | { type: 'servicesChanged'; serviceIds: readonly string[] }
  /** A clerk's action on one ticket (desk.ts), for the audit: codes and ids only, never the note. */
  | { type: 'deskAction'; action: 'parked' | 'resumed' | 'transferred' | 'calledOutOfOrder' | 'noShowRecalled' | 'finished' | 'helpRequested' | 'helpAccepted'; ticketId: string; counterId: string; staffId: string | null; details: Readonly<Record<string, string>> };

export type QueueEventType = QueueEvent['type'];

/** A listener may be async; its failure (thrown or rejected) is reported and never reaches the queue or the others. */
export type Listener<E> = (event: E) => void | Promise<unknown>;
export type QueueListener = Listener<QueueEvent>;

/** A list of listeners that each get every event, in the order they subscribed. */
export class Listeners<E> {
  private list: Listener<E>[] = [];

  constructor(private readonly onError: (err: unknown, event: E) => void) {}

  /** Returns the unsubscribe function. */
  subscribe(listener: Listener<E>): () => void {
    this.list = [...this.list, listener];
    return () => {
      this.list = this.list.filter((l) => l !== listener);
    };
  }

  publish(event: E): void {
    for (const listener of this.list) {
      try {
        const done = listener(event);
        if (done) done.catch((err: unknown) => this.report(err, event));
      } catch (err) {
        this.report(err, event);
      }
    }
  }

  private report(err: unknown, event: E): void {
    try {
      this.onError(err, event);
    } catch {
      // A failing logger must not break the publisher either.
    }
  }
}
