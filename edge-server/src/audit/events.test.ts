import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AuditInputError, assertAction, assertActor, assertSubject, canonicalDetails, canonicalJson } from './events.ts';

describe('audit details whitelist', () => {
  it('accepts identifiers, counts, flags, id lists and count maps, stored canonically', () => {
    expect(canonicalDetails(undefined)).toBe('{}');
    expect(canonicalDetails({ role: 'admin', counts: { tickets: 2, transcripts: 1 }, recall: true, settings: ['retention.transcriptKeepDays'] }))
      .toBe('{"counts":{"tickets":2,"transcripts":1},"recall":true,"role":"admin","settings":["retention.transcriptKeepDays"]}');
    expect(canonicalDetails({ reason: 'badPassword', ticketId: '01JH8Z3Q9X', count: 0 })).toBe('{"count":0,"reason":"badPassword","ticketId":"01JH8Z3Q9X"}');
  });

  it('rejects unknown keys, free text, e-mail addresses, negative counts and nesting', () => {
    const bad: unknown[] = [
      { transcript: 'Guten Tag' },
      { reason: 'Ich heiße Anna Schmidt' },
      { reason: 'anna.schmidt@example.de' },
      { staffId: '' },
      { count: -1 },
      { count: 1.5 },
      { recall: 'yes' },
      { counts: { a: { b: 1 } } },
      { languages: Array.from({ length: 33 }, () => 'de') },
      { settings: ['ok', 'not ok'] },
      ['role'],
      'text',
      new Date(),
    ];
    for (const d of bad) expect(() => canonicalDetails(d), JSON.stringify(d)).toThrow(AuditInputError);
  });

  it('never echoes a rejected value in the error message', () => {
    try {
      canonicalDetails({ reason: 'Anna Schmidt, Hauptstr. 5' });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).toContain('reason');
      expect(String(err)).not.toContain('Anna');
    }
  });

  it('no string containing whitespace or @ ever passes as a detail value (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom(' ', '\n', '\t', '@', ' '), (a, b, sep) => {
        expect(() => canonicalDetails({ reason: `x${a}${sep}${b}` })).toThrow(AuditInputError);
      }),
    );
  });

  it('caps the serialised size', () => {
    const counts = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${'x'.repeat(30)}${i}`, 1]));
    expect(() => canonicalDetails({ counts })).toThrow(/bytes/);
  });

  it('validates actors, actions and subjects', () => {
    for (const a of ['system', 'staff:01JH8Z', 'device:kiosk-1']) expect(() => assertActor(a)).not.toThrow();
    for (const a of ['', 'root', 'staff:', 'staff:anna schmidt', 'device:a@b', 42]) expect(() => assertActor(a)).toThrow(AuditInputError);
    expect(() => assertAction('ticket.called')).not.toThrow();
    expect(() => assertAction('ticket.deleted')).toThrow(AuditInputError);
    expect(() => assertSubject(null)).not.toThrow();
    expect(() => assertSubject('Anna Schmidt')).toThrow(AuditInputError);
  });
});

describe('canonicalJson', () => {
  it('is independent of key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });
});
