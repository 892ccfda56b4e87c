import { describe, expect, it } from 'vitest';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CreateTicketInput } from '@lotse/shared';
import './formats.ts';

describe('socket payload formats', () => {
  const check = TypeCompiler.Compile(CreateTicketInput);
  const base = { id: '01JABCDEFGHJKMNPQRSTVWXYZ0', serviceId: 'reisepass', language: 'de' };

  it('accepts an offline check-in time in ISO form', () => {
    expect(check.Check({ ...base, checkedInAt: '2026-11-25T08:30:00.000Z' })).toBe(true);
    expect(check.Check({ ...base, checkedInAt: '2026-11-25T09:30:00+01:00' })).toBe(true);
  });

  it('refuses times that are not ISO date-times', () => {
    for (const bad of ['yesterday', '2026-11-25', '2026-13-45T99:00:00Z', '']) {
      expect(check.Check({ ...base, checkedInAt: bad }), bad).toBe(false);
    }
  });
});
