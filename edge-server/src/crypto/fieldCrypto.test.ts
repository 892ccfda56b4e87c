import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptField, encryptField, FieldDecryptError, isEncryptedField, KeyError, loadOrCreateKey, type DataKey } from './fieldCrypto.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-crypto-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const envKeyOf = () => randomBytes(32).toString('base64');
const keyFromEnv = (): DataKey => loadOrCreateKey({ dataDir: dir, envKey: envKeyOf() });
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('loadOrCreateKey', () => {
  it('creates a 0600 key file on first start and reuses it later', () => {
    const first = loadOrCreateKey({ dataDir: path.join(dir, 'data'), envKey: undefined });
    const file = path.join(dir, 'data', 'lotse.key');
    expect(first).toMatchObject({ source: 'created', file });
    expect(mode(file)).toBe(0o600);
    expect(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const again = loadOrCreateKey({ dataDir: path.join(dir, 'data'), envKey: undefined });
    expect(again.source).toBe('file');
    expect(again.keyId).toBe(first.keyId);
    expect(decryptField(again, encryptField(first, 'Hallo'))).toBe('Hallo');
  });

  it('refuses a key file readable by group or others, with a clear fix', () => {
    loadOrCreateKey({ dataDir: dir, envKey: undefined });
    const file = path.join(dir, 'lotse.key');
    for (const m of [0o644, 0o640, 0o604]) {
      fs.chmodSync(file, m);
      expect(() => loadOrCreateKey({ dataDir: dir, envKey: undefined })).toThrow(new RegExp(`mode 0${m.toString(8)}.*chmod 600`));
    }
    fs.chmodSync(file, 0o400);
    expect(loadOrCreateKey({ dataDir: dir, envKey: undefined }).source).toBe('file');
  });

  it('refuses a corrupt key file and a symlinked one', () => {
    const file = path.join(dir, 'lotse.key');
    fs.writeFileSync(file, 'not a key\n', { mode: 0o600 });
    expect(() => loadOrCreateKey({ dataDir: dir, envKey: undefined })).toThrow(KeyError);
    fs.rmSync(file);
    const target = path.join(dir, 'elsewhere.key');
    fs.writeFileSync(target, `${envKeyOf()}\n`, { mode: 0o600 });
    fs.symlinkSync(target, file);
    expect(() => loadOrCreateKey({ dataDir: dir, envKey: undefined })).toThrow(/symlink/);
  });

  it('prefers the environment key and never writes a file then', () => {
    const k = loadOrCreateKey({ dataDir: dir, envKey: envKeyOf() });
    expect(k.source).toBe('env');
    expect(fs.existsSync(path.join(dir, 'lotse.key'))).toBe(false);
    expect(k.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('rejects a malformed environment key instead of falling back', () => {
    for (const bad of ['short', randomBytes(16).toString('base64'), `${envKeyOf()}x`, randomBytes(32).toString('hex')]) {
      expect(() => loadOrCreateKey({ dataDir: dir, envKey: bad })).toThrow(/LOTSE_DATA_KEY must be 32 bytes/);
    }
  });

  it('reads LOTSE_DATA_KEY from the process environment when envKey is not given', () => {
    const saved = process.env.LOTSE_DATA_KEY;
    process.env.LOTSE_DATA_KEY = envKeyOf();
    try {
      expect(loadOrCreateKey({ dataDir: dir }).source).toBe('env');
    } finally {
      if (saved === undefined) delete process.env.LOTSE_DATA_KEY;
      else process.env.LOTSE_DATA_KEY = saved;
    }
  });
});

describe('field encryption', () => {
  it('round-trips any text (property), with a fresh IV each time', () => {
    const key = keyFromEnv();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.option(fc.string(), { nil: undefined }), (text, aad) => {
        const enc = encryptField(key, text, aad);
        expect(isEncryptedField(enc)).toBe(true);
        expect(decryptField(key, enc, aad)).toBe(text);
      }),
    );
    expect(encryptField(key, 'same')).not.toBe(encryptField(key, 'same'));
    expect(encryptField(key, 'x')).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
  });

  it('fails clearly on tampering with any part', () => {
    const key = keyFromEnv();
    const enc = encryptField(key, 'Ich brauche einen neuen Reisepass');
    const parts = enc.split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const i of [1, 2, 3]) {
      const bad = parts.map((p, j) => (j === i ? flip(p) : p)).join('.');
      expect(() => decryptField(key, bad)).toThrow(FieldDecryptError);
    }
    expect(() => decryptField(key, enc.slice(0, -2))).toThrow(/failed authentication/);
    for (const bad of ['', 'v2.' + parts.slice(1).join('.'), parts.slice(0, 3).join('.'), `${enc}.x`, enc.replace('.', '.!')]) {
      expect(() => decryptField(key, bad)).toThrow(FieldDecryptError);
    }
  });

  it('fails with the wrong key or the wrong context', () => {
    const key = keyFromEnv();
    const enc = encryptField(key, 'Meldebescheinigung', 'transcripts.text:42');
    expect(decryptField(key, enc, 'transcripts.text:42')).toBe('Meldebescheinigung');
    expect(() => decryptField(keyFromEnv(), enc, 'transcripts.text:42')).toThrow(/wrong key/);
    expect(() => decryptField(key, enc, 'transcripts.text:43')).toThrow(FieldDecryptError);
    expect(() => decryptField(key, enc)).toThrow(FieldDecryptError);
  });

  it('neither the ciphertext nor the raw database file contains any plaintext word', () => {
    const key = keyFromEnv();
    const sentence = 'Guten Tag ich möchte meinen Wohnsitz ummelden Familienname Schmidt Geburtsdatum';
    // Five letters or more: a random base64url ciphertext contains some 3-letter word ("tag") now and then.
    const words = sentence.split(' ').filter((w) => w.length >= 5);
    const file = path.join(dir, 'raw.sqlite');
    const db = new SQLite(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)');
    for (let i = 0; i < 20; i++) {
      const enc = encryptField(key, sentence, `t.text:${i}`);
      for (const w of words) expect(enc.toLowerCase()).not.toContain(w.toLowerCase());
      db.prepare('INSERT INTO t (id, text) VALUES (?, ?)').run(i, enc);
    }
    db.close();
    const raw = fs.readFileSync(file).toString('latin1').toLowerCase() + fs.readFileSync(file).toString('utf8').toLowerCase();
    for (const w of words) expect(raw).not.toContain(w.toLowerCase());
  });
});
