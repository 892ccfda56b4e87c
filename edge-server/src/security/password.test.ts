import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_SCRYPT, generatePassword, hashPassword, hashToken, needsRehash, passwordProblems, randomToken,
  verifyAgainstDummy, verifyPassword,
} from './password.ts';

// Cheap parameters for the property run; the defaults are exercised once below.
const FAST = { ln: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('hashes with the default scrypt parameters encoded in the string and verifies', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('uses a random salt: the same password hashes differently', async () => {
    const a = await hashPassword('same-password-123', FAST);
    const b = await hashPassword('same-password-123', FAST);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same-password-123', a)).toBe(true);
    expect(await verifyPassword('same-password-123', b)).toBe(true);
  });

  it('honours the parameters stored in the hash and flags old ones for re-hash', async () => {
    const hash = await hashPassword('Geheimnis-2026', FAST);
    expect(hash.startsWith('$scrypt$ln=10,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('Geheimnis-2026', hash)).toBe(true);
    expect(needsRehash(hash, DEFAULT_SCRYPT)).toBe(true);
    // Changing the encoded cost changes the derived key: verify must then fail.
    expect(await verifyPassword('Geheimnis-2026', hash.replace('ln=10', 'ln=11'))).toBe(false);
  });

  it('fails closed on malformed or abusive stored hashes', async () => {
    const hash = await hashPassword('pw-for-malformed', FAST);
    for (const bad of ['', 'plain', hash.slice(0, -3), hash.replace('ln=10', 'ln=30'), hash.replace('$scrypt$', '$bcrypt$')]) {
      expect(await verifyPassword('pw-for-malformed', bad)).toBe(false);
    }
    expect(await verifyPassword('', hash)).toBe(false);
    expect(await verifyPassword('x'.repeat(129), hash)).toBe(false);
    await expect(hashPassword('')).rejects.toThrow(/empty/);
  });

  it('round-trips arbitrary passwords (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), async (pw, other) => {
        const hash = await hashPassword(pw, FAST);
        expect(await verifyPassword(pw, hash)).toBe(true);
        if (other.normalize('NFKC') !== pw.normalize('NFKC')) expect(await verifyPassword(other, hash)).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it('dummy verify always says no', async () => {
    expect(await verifyAgainstDummy('anything')).toBe(false);
    expect(await verifyAgainstDummy('')).toBe(false);
  });
});

describe('password policy', () => {
  it('reports length, user name and common passwords', () => {
    expect(passwordProblems('short')).toEqual(['tooShort']);
    expect(passwordProblems('a long enough passphrase')).toEqual([]);
    expect(passwordProblems('x'.repeat(129))).toContain('tooLong');
    expect(passwordProblems('mueller-2026-office', 'Mueller')).toEqual(['containsUsername']);
    expect(passwordProblems('Passwort1234')).toEqual(['common']);
    expect(passwordProblems('aaaaaaaaaaaaaaa')).toEqual(['common']);
  });
});

describe('one-time passwords and tokens', () => {
  it('generates readable one-time passwords of at least 12 symbols without look-alikes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword();
      expect(pw).toMatch(/^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}$/);
      expect(pw.replaceAll('-', '').length).toBeGreaterThanOrEqual(12);
      seen.add(pw);
    }
    expect(seen.size).toBe(200);
    expect(passwordProblems(generatePassword())).toEqual([]);
    expect(() => generatePassword(2, 4)).toThrow(/12/);
  });

  it('makes 256-bit base64url tokens and hashes them with SHA-256', () => {
    const t = randomToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(t);
    expect(() => randomToken(16)).toThrow(/256/);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t);
  });
});
