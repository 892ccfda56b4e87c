import { describe, expect, it } from 'vitest';
import { DomainError } from '@lotse/shared';
import { cleanTexts, slugOf } from './service.ts';
import { bookingCodeFor } from './slots.ts';

describe('office configuration rules', () => {
  it('makes ids a URL and a room name can carry', () => {
    expect(slugOf('Führungszeugnis')).toBe('fuehrungszeugnis');
    expect(slugOf('Schalter B / Erdgeschoss')).toBe('schalter-b-erdgeschoss');
    expect(slugOf('¡¿')).toBe('dienst');
  });

  it('keeps German, drops empty languages, and refuses a text without a name or an unknown language', () => {
    const de = { name: ' Kfz ', description: '', bring: [' Schein ', ''], fee: '' };
    expect(cleanTexts({ de, ar: { name: '', description: '', bring: [], fee: '' } })).toEqual({ de: { name: 'Kfz', description: '', bring: ['Schein'], fee: '' } });
    expect(() => cleanTexts({ ar: { ...de, name: 'x' } })).toThrow(DomainError);
    expect(() => cleanTexts({ de, ar: { name: '', description: 'nur Text', bring: [], fee: '' } })).toThrow(/no name/);
    expect(() => cleanTexts({ de, xx: de })).toThrow(/catalogue/);
  });

  it('derives a kiosk booking code from the client id: the same id, the same code', () => {
    const a = bookingCodeFor('01JABCDEFGHJKMNPQRSTVWXYZ0');
    expect(a).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(bookingCodeFor('01JABCDEFGHJKMNPQRSTVWXYZ0')).toBe(a);
    expect(bookingCodeFor('01JABCDEFGHJKMNPQRSTVWXYZ1')).not.toBe(a);
  });
});
