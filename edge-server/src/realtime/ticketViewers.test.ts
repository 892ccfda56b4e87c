import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import { C2S, PROTOCOL_VERSION, S2C, TICKET_VIEWER_NAMESPACE, type TicketReceiptT } from '@lotse/shared';
import { TestServer, callOk, newId, type ClientSocket } from '../../../test/helpers/server.ts';
import { pollUntil } from '../../../test/helpers/timeouts.ts';
import { ticketViewerUpdates } from '../queue/broadcast.ts';

/** The citizen's phone on the mobile ticket page: no pairing, only the ticket id. */
describe('/ticket namespace (mobile ticket page)', () => {
  let server: TestServer;
  let kiosk: ClientSocket;
  let counter: ClientSocket;
  const phones: Socket[] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    [kiosk, counter] = await Promise.all([server.connect('kiosk'), server.connect('counter')]);
  });
  afterAll(async () => {
    for (const p of phones) p.disconnect();
    await server.close();
  });

  function phone(auth: Record<string, unknown>): Socket {
    const socket = ioClient(`${server.url}${TICKET_VIEWER_NAMESPACE}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    phones.push(socket);
    return socket;
  }

  /** Connects and collects every receipt; resolves once the first (sent on connect) arrived. */
  async function watch(ticketId: string) {
    const socket = phone({ protocolVersion: PROTOCOL_VERSION, ticketId });
    const receipts: TicketReceiptT[] = [];
    const first = new Promise<void>((resolve) => socket.on(S2C.ticketUpdated, (r: TicketReceiptT) => {
      receipts.push(r);
      resolve();
    }));
    await first;
    const until = async (pred: (r: TicketReceiptT) => boolean): Promise<TicketReceiptT> => {
      await pollUntil('a matching receipt (seen: [status, ahead])', () => receipts.map((r) => [r.ticket.status, r.ahead]), () => receipts.some(pred));
      return receipts.find(pred) as TicketReceiptT;
    };
    return { socket, receipts, until };
  }

  /**
   * Resolves once everything the server sent this phone so far has arrived: a second (refused) handshake on the
   * same connection, whose answer the server writes after anything it wrote to that connection before.
   */
  async function delivered(viewer: Socket): Promise<void> {
    const probe = viewer.io.socket('/', { auth: {} });
    const answered = refusal(probe);
    probe.connect();
    await answered;
    probe.disconnect();
  }

  const refusal = (socket: Socket) => new Promise<{ message: string; code?: string }>((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected but should have been refused')));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve({ message: err.message, code: err.data?.code }));
  });

  it('refuses a malformed handshake, a stale page and an unknown ticket', async () => {
    expect(await refusal(phone({ protocolVersion: PROTOCOL_VERSION, ticketId: 'not-a-ulid' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await refusal(phone({ protocolVersion: PROTOCOL_VERSION + 1, ticketId: newId() }))).toMatchObject({ code: 'STALE_CLIENT' });
    expect(await refusal(phone({ protocolVersion: PROTOCOL_VERSION, ticketId: newId() }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gets its receipt on connect, position updates when others move, and the call with the counter name', async () => {
    const make = () => callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'anmeldung', language: 'ar' });
    const first = await make();
    const second = await make();
    const third = await make();
    const other = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'reisepass', language: 'de' });
    const p3 = await watch(third.ticket.id);
    const pOther = await watch(other.ticket.id);
    expect(p3.receipts[0]).toMatchObject({ ticket: { id: third.ticket.id, status: 'waiting' }, ahead: 2 });

    await callOk(counter, C2S.counterOpen, { counterId: 'platz-2', serviceIds: ['anmeldung'] });
    await callOk(counter, C2S.counterCallNext, { counterId: 'platz-2' }); // calls `first`
    await p3.until((r) => r.ahead === 1);
    await callOk(counter, C2S.counterCallNext, { counterId: 'platz-2' }); // finishes `first`, calls `second`
    await p3.until((r) => r.ahead === 0 && r.ticket.status === 'waiting');
    const called = await callOk(counter, C2S.counterCallNext, { counterId: 'platz-2' });
    expect(called.ticketId).toBe(third.ticket.id);
    const call = await p3.until((r) => r.ticket.status === 'called');
    expect(call).toMatchObject({ ticket: { id: third.ticket.id, counterId: 'platz-2' }, counterName: 'Platz 2' });

    // Another service's waiting ticket heard nothing beyond its first receipt (its position never changed).
    await delivered(pOther.socket);
    expect(pOther.receipts).toHaveLength(1);
    void first;
    void second;
  });

  it('a burst of changes is coalesced per tick: one update per viewer', async () => {
    const mine = await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'beglaubigung', language: 'de' });
    const viewer = await watch(mine.ticket.id);
    await callOk(counter, C2S.counterOpen, { counterId: 'platz-3', serviceIds: ['beglaubigung'] });
    await viewer.until((r) => r.estimate.maxMinutes >= 0 && viewer.receipts.length >= 2); // the counter opening moves the estimate
    await delivered(viewer.socket);
    const before = viewer.receipts.length;
    // Ten changes in one tick (a burst of queue events into the mobile pages' listener) → exactly one receipt.
    const { io, queue, app } = server.lotse;
    const listener = ticketViewerUpdates(io.of(TICKET_VIEWER_NAMESPACE), queue, app.log);
    for (let i = 0; i < 10; i++) {
      void listener({ type: 'servicesChanged', serviceIds: ['beglaubigung'] });
      void listener({ type: 'ticketChanged', ticket: mine.ticket });
    }
    await viewer.until(() => viewer.receipts.length > before);
    await delivered(viewer.socket);
    expect(viewer.receipts.length - before).toBe(1);
  });
});
