import { describe, expect, expectTypeOf, it } from 'vitest';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { C2S, CLIENT_EVENTS, CLIENT_EVENT_SPECS, S2C, SERVER_EVENTS, type PayloadOf, type ResultOf, type ServerToClientEvents } from './events.ts';
import type { CallT, CounterStateT, OpenCounterInputT, TicketReceiptT } from '../schemas/queue.ts';
import type { CaptionFinalT, SessionStateT } from '../schemas/session.ts';

describe('the event contract', () => {
  it('gives every event one unique wire name, and C2S/S2C map each key to it', () => {
    const clientNames = Object.values(CLIENT_EVENTS).map((spec) => spec.name);
    const serverNames = Object.values(SERVER_EVENTS).map((spec) => spec.name);
    expect(new Set(clientNames).size).toBe(clientNames.length);
    expect(new Set(serverNames).size).toBe(serverNames.length);
    for (const [key, spec] of Object.entries(CLIENT_EVENTS)) expect(C2S[key as keyof typeof C2S]).toBe(spec.name);
    for (const [key, spec] of Object.entries(SERVER_EVENTS)) expect(S2C[key as keyof typeof S2C]).toBe(spec.name);
    expect(Object.keys(CLIENT_EVENT_SPECS).sort()).toEqual([...clientNames].sort());
  });

  it('declares an input and a result schema for every client event, both compilable', () => {
    for (const spec of Object.values(CLIENT_EVENT_SPECS)) {
      expect(() => TypeCompiler.Compile(spec.input), spec.name).not.toThrow();
      expect(() => TypeCompiler.Compile(spec.result), spec.name).not.toThrow();
      expect(spec.roles.length, spec.name).toBeGreaterThan(0);
    }
  });

  it('derives payload and result types from the schemas', () => {
    expectTypeOf<PayloadOf<typeof C2S.counterOpen>>().toEqualTypeOf<OpenCounterInputT>();
    expectTypeOf<ResultOf<typeof C2S.counterOpen>>().toEqualTypeOf<CounterStateT>();
    expectTypeOf<ResultOf<typeof C2S.counterCallNext>>().toEqualTypeOf<CallT>();
    expectTypeOf<ResultOf<typeof C2S.ticketGet>>().toEqualTypeOf<TicketReceiptT>();
    expectTypeOf<ResultOf<typeof C2S.sessionGet>>().toEqualTypeOf<SessionStateT | null>();
    expectTypeOf<PayloadOf<typeof C2S.servicesList>>().toEqualTypeOf<Record<string, never>>();
    expectTypeOf<Parameters<ServerToClientEvents[typeof S2C.captionFinal]>>().toEqualTypeOf<[CaptionFinalT]>();
    expectTypeOf<Parameters<ServerToClientEvents[typeof S2C.deviceRevoked]>>().toEqualTypeOf<[]>();
  });
});
