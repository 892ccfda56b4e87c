import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { C2S, CLIENT_EVENT_SPECS, ERROR_CODES, type ClientEventName, type ErrorCode } from '@lotse/shared';
import { TestServer, callOk, connected, emitRaw, newId, type ClientSocket, type Role } from '../helpers/server.ts';
import { WAIT } from '../helpers/timeouts.ts';

/** A valid payload per event. `Record<ClientEventName, …>` makes a new event fail to compile until it is listed here. */
const VALID: Record<ClientEventName, Record<string, unknown>> = {
  [C2S.servicesList]: {},
  [C2S.countersList]: {},
  [C2S.ticketCreate]: { id: newId(), serviceId: 'reisepass', language: 'de' },
  [C2S.ticketGet]: { id: newId() },
  [C2S.queueGet]: {},
  [C2S.displayGet]: {},
  [C2S.counterOpen]: { counterId: 'platz-3', serviceIds: ['reisepass'] },
  [C2S.counterClose]: { counterId: 'platz-3' },
  [C2S.counterCallNext]: { counterId: 'platz-3' },
  [C2S.counterRecall]: { counterId: 'platz-3' },
  [C2S.counterNoShow]: { counterId: 'platz-3' },
  [C2S.counterFinish]: { counterId: 'platz-3', outcome: 'done' },
  [C2S.counterPark]: { counterId: 'platz-3' },
  [C2S.counterResume]: { counterId: 'platz-3', number: 'A-001' },
  [C2S.counterTransfer]: { counterId: 'platz-3', serviceId: 'reisepass', note: 'Foto fehlt', position: 'keep' },
  [C2S.counterCallTicket]: { counterId: 'platz-3', number: 'A-001', reason: 'urgent' },
  [C2S.counterRecallNoShow]: { counterId: 'platz-3', number: 'A-001' },
  [C2S.clerkSettingsGet]: {},
  [C2S.counterAskColleague]: { counterId: 'platz-3' },
  [C2S.counterAcceptHelp]: { counterId: 'platz-3', number: 'A-001' },
  [C2S.appointmentCheckIn]: { code: 'NOPE-0000', ticketId: newId(), language: 'de' },
  [C2S.ticketPrint]: { id: newId() },
  [C2S.officeSlots]: { serviceId: 'reisepass' },
  [C2S.officeBook]: { id: newId(), serviceId: 'reisepass', startsAt: '2030-01-07T09:00:00.000Z', language: 'de' },
  [C2S.sessionGet]: { counterId: 'platz-3' },
  [C2S.sessionSetLanguage]: { sessionId: newId(), language: 'en' },
  [C2S.sessionSetMode]: { sessionId: newId(), mode: 'single' },
  [C2S.sessionConsent]: { sessionId: newId(), decision: 'declined', keep: false, textVersion: '2026-11-1' },
  [C2S.sessionCapture]: { sessionId: newId(), active: false, speaker: 'clerk' },
  [C2S.sessionSay]: { sessionId: newId(), speaker: 'clerk', text: 'Guten Tag' },
  [C2S.sessionPhrase]: { sessionId: newId(), phraseId: 'greeting' },
  [C2S.phrasebookGet]: {},
  [C2S.sessionEnd]: { sessionId: newId() },
  [C2S.audioFrame]: { sessionId: newId(), seq: 0, pcm: new Uint8Array(320) },
  [C2S.audioEnd]: { sessionId: newId() },
};
const EVENTS = Object.keys(CLIENT_EVENT_SPECS) as ClientEventName[];
const ROLES: Role[] = ['kiosk', 'display', 'counter'];
const HUGE = 'ü'.repeat(20_000); // ~40 KB of UTF-8: under the 64 KiB message limit, far over every field limit

/** Payloads that must fail validation for this event: whole-payload garbage plus each field omitted or mistyped. */
function malformed(event: ClientEventName): [string, unknown][] {
  const valid = VALID[event];
  const cases: [string, unknown][] = [
    ['null', null],
    ['an array', [valid]],
    ['a number', 42],
    ['a string', 'payload'],
    ['a boolean', true],
    ['a huge string', HUGE],
    ['an extra field', { ...valid, extra: 1 }],
    ['a prototype-polluting key', JSON.parse(`{${Object.keys(valid).map((k) => `"${k}":${JSON.stringify(valid[k])},`).join('')}"__proto__":{"admin":true}}`)],
  ];
  for (const key of Object.keys(valid)) {
    const { [key]: _omitted, ...rest } = valid;
    cases.push([`without ${key}`, rest]);
    for (const [name, value] of [['null', null], ['a number', 7], ['an object', { a: 1 }], ['a huge string', HUGE], ['an empty string', ''], ['an array of numbers', [1, 2]], ['true', true]] as const) {
      cases.push([`${key} as ${name}`, { ...valid, [key]: value }]);
    }
  }
  if (event === C2S.counterOpen) {
    cases.push(['no services', { counterId: 'platz-3', serviceIds: [] }], ['duplicate services', { counterId: 'platz-3', serviceIds: ['reisepass', 'reisepass'] }]);
    cases.push(['51 services', { counterId: 'platz-3', serviceIds: Array.from({ length: 51 }, (_, i) => `s-${i}`) }]);
  }
  if (event === C2S.ticketCreate) {
    cases.push(['a lower-case ULID', { ...valid, id: newId().toLowerCase() }], ['an unknown language', { ...valid, language: 'xx' }], ['an upper-case service id', { ...valid, serviceId: 'REISEPASS' }]);
    cases.push(['a check-in time that is no date', { ...valid, checkedInAt: 'yesterday' }], ['a lower-case provisional number', { ...valid, provisionalNumber: 'a-001' }]);
  }
  // A generic variant can happen to be valid (7 for an integer, '' for a free text): keep only what the schema refuses.
  const check = TypeCompiler.Compile(CLIENT_EVENT_SPECS[event].input);
  return cases.filter(([, payload]) => !check.Check(payload));
}

describe('bad input on every socket event', () => {
  let server: TestServer;
  const sockets = {} as Record<Role, ClientSocket>;
  let counterWithoutClerk: ClientSocket;
  let before: Record<string, number>;

  beforeAll(async () => {
    server = await TestServer.start();
    for (const role of ROLES) sockets[role] = await server.connect(role);
    counterWithoutClerk = await server.connect('counter', { staffToken: '' });
    // Some data to protect: a waiting ticket, a called one, an open counter.
    for (let i = 0; i < 3; i++) await callOk(sockets.kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'de' });
    await callOk(sockets.counter, C2S.counterOpen, { counterId: 'platz-1', serviceIds: ['personalausweis'] });
    await callOk(sockets.counter, C2S.counterCallNext, { counterId: 'platz-1' });
    before = await server.counts();
  });
  afterAll(() => server?.close());

  function socketFor(event: ClientEventName): ClientSocket {
    return sockets[CLIENT_EVENT_SPECS[event].roles[0] as Role];
  }

  async function expectError(socket: ClientSocket, event: string, payload: unknown, code: ErrorCode) {
    const ack = await emitRaw(socket, event, payload, WAIT.event).catch(() => ({ ok: false as const, error: { code: 'NO ANSWER (timeout)', message: `${event} was not acknowledged` } }));
    expect(ack.ok, `${event} ${JSON.stringify(payload)?.slice(0, 80)}`).toBe(false);
    if (ack.ok) return;
    expect(ERROR_CODES).toContain(ack.error.code);
    expect(ack.error.code, ack.error.message).toBe(code);
    expect(ack.error.message).not.toMatch(/at .*\.ts:\d+/); // no stack traces
  }

  it('covers every event of the shared contract', () => {
    expect(Object.keys(VALID).sort()).toEqual([...EVENTS].sort());
  });

  describe.each(EVENTS)('%s', (event) => {
    it('is answered by the server at all, never left waiting', async () => {
      const ack = await emitRaw(socketFor(event), event, null, WAIT.event).catch(() => undefined);
      expect(ack, `no acknowledgement for ${event}: the contract lists it but the server does not answer`).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    });

    it('answers every malformed payload with BAD_REQUEST', async () => {
      await Promise.all(malformed(event).map(([, payload]) => expectError(socketFor(event), event, payload, 'BAD_REQUEST')));
    });

    it('answers a missing payload or extra arguments with BAD_REQUEST', async () => {
      type Raw = { timeout(ms: number): { emitWithAck(e: string, ...args: unknown[]): Promise<unknown> } };
      const socket = socketFor(event) as unknown as Raw;
      expect(await socket.timeout(WAIT.event).emitWithAck(event)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await socket.timeout(WAIT.event).emitWithAck(event, VALID[event], 'extra')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    });

    it('refuses devices of other roles with FORBIDDEN, even with a valid payload', async () => {
      const wrong = ROLES.filter((r) => !CLIENT_EVENT_SPECS[event].roles.includes(r));
      await Promise.all(wrong.map((role) => expectError(sockets[role], event, VALID[event], 'FORBIDDEN')));
    });

    it('disconnects a socket that sends more than 64 KiB in one message; the server stays up', async () => {
      const socket = await server.connect(CLIENT_EVENT_SPECS[event].roles[0] as Role);
      const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      socket.emit(event as typeof C2S.displayGet, { blob: 'x'.repeat(70 * 1024) } as unknown as Record<string, never>, () => {});
      expect(await gone).toBe('transport close');
      const again = await server.connect('display');
      await connected(again);
      expect((await callOk(again, C2S.displayGet, {})).calls.length).toBe(1);
      again.disconnect();
    });
  });

  it.each(EVENTS.filter((e) => CLIENT_EVENT_SPECS[e].staff))('%s refuses a counter without a signed-in clerk with UNAUTHENTICATED', async (event) => {
    await expectError(counterWithoutClerk, event, VALID[event], 'UNAUTHENTICATED');
  });

  it('reports domain errors with their codes for well-formed requests that cannot be served', async () => {
    await expectError(sockets.kiosk, C2S.ticketGet, { id: newId() }, 'NOT_FOUND');
    await expectError(sockets.kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'gibt-es-nicht', language: 'de' }, 'NOT_FOUND');
    // A desk acts only for the counter it opened: an unknown (or another) counter is refused before any lookup.
    for (const event of [C2S.counterClose, C2S.counterCallNext, C2S.counterRecall, C2S.counterNoShow, C2S.counterFinish]) {
      await expectError(sockets.counter, event, { counterId: 'platz-99' }, 'FORBIDDEN');
    }
    await expectError(sockets.counter, C2S.counterOpen, { counterId: 'platz-99', serviceIds: ['reisepass'] }, 'NOT_FOUND');
    await expectError(sockets.counter, C2S.counterOpen, { counterId: 'platz-2', serviceIds: ['gibt-es-nicht'] }, 'NOT_FOUND');
    await callOk(sockets.counter, C2S.counterOpen, { counterId: 'platz-2', serviceIds: ['fuehrungszeugnis'] });
    await expectError(sockets.counter, C2S.counterRecall, { counterId: 'platz-2' }, 'CONFLICT');
    await expectError(sockets.counter, C2S.counterCallNext, { counterId: 'platz-2' }, 'QUEUE_EMPTY');
  });

  it('after all that, the original sockets still work and no row changed', async () => {
    for (const role of ROLES) expect(sockets[role].connected, role).toBe(true);
    expect((await callOk(sockets.kiosk, C2S.servicesList, {})).length).toBe(6);
    expect((await callOk(sockets.counter, C2S.queueGet, {})).waiting.map((t) => t.number)).toEqual(['A-002', 'A-003']);
    expect((await server.http('GET', '/api/v1/info')).status).toBe(200);
    expect(await server.counts()).toEqual(before);
    const platz3 = await server.db.selectFrom('counters').selectAll().where('id', '=', 'platz-3').executeTakeFirstOrThrow();
    expect(platz3).toMatchObject({ service_ids: '[]', clerk: null, current_ticket_id: null });
  });
});
