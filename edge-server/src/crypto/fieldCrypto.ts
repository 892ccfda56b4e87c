import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { assertPrivateFile } from '../security/files.ts';

/**
 * Field encryption for transcript text and personal data at rest (GDPR Art. 32, issue 5 §4): AES-256-GCM with a
 * random 96-bit IV per value. The key never lives in the database: it comes from `LOTSE_DATA_KEY` or a 0600 key
 * file next to it, so a copied database file alone reveals nothing.
 */
export const KEY_FILE_NAME = 'lotse.key';
export const KEY_ENV_VAR = 'LOTSE_DATA_KEY';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export class KeyError extends Error {
  override name = 'KeyError';
}
export class FieldDecryptError extends Error {
  override name = 'FieldDecryptError';
}

export interface DataKey {
  key: KeyObject;
  source: 'env' | 'file' | 'created';
  /** First 16 hex chars of SHA-256(key): safe to log, tells two keys apart. */
  keyId: string;
  /** The key file, when the key came from one. */
  file?: string;
}

export interface LoadKeyOptions {
  dataDir: string;
  /** Base64 key; when the property is absent, `process.env.LOTSE_DATA_KEY` is read. */
  envKey?: string;
}

function fromBytes(bytes: Buffer, source: DataKey['source'], file?: string): DataKey {
  const keyId = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const key = createSecretKey(bytes);
  bytes.fill(0);
  return { key, source, keyId, ...(file ? { file } : {}) };
}

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  // Buffer.from ignores junk silently, so check the shape first (standard or URL-safe alphabet).
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    throw new KeyError(`${where} must be ${KEY_BYTES} bytes in base64 (e.g. from: openssl rand -base64 32)`);
  }
  return Buffer.from(trimmed, 'base64');
}

/**
 * The data key if one is configured (env var, else `<dataDir>/lotse.key`), without ever creating one: the server
 * first checks the database (crypto/dataKey.ts) so a lost key is never silently replaced.
 */
export function findKey(options: LoadKeyOptions): DataKey | undefined {
  const envKey = 'envKey' in options ? options.envKey : process.env[KEY_ENV_VAR];
  if (envKey !== undefined && envKey !== '') return fromBytes(decodeKey(envKey, KEY_ENV_VAR), 'env');
  const file = path.join(options.dataDir, KEY_FILE_NAME);
  if (!fs.existsSync(file)) return undefined;
  assertPrivateFile(file);
  return fromBytes(decodeKey(fs.readFileSync(file, 'utf8'), `key file ${file}`), 'file', file);
}

/** Creates `<dataDir>/lotse.key` (0600) with a new random key; if another process made it first, loads that one. */
export function createKeyFile(dataDir: string): DataKey {
  const file = path.join(dataDir, KEY_FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const bytes = randomBytes(KEY_BYTES);
  try {
    // 'wx' = create exclusively: two processes starting at once must not each write a different key.
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      fs.writeSync(fd, `${bytes.toString('base64')}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(file, 0o600); // the umask can only remove bits, but be explicit
    assertPrivateFile(file);
    return fromBytes(bytes, 'created', file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  assertPrivateFile(file);
  return fromBytes(decodeKey(fs.readFileSync(file, 'utf8'), `key file ${file}`), 'file', file);
}

/**
 * Loads the data key, creating the key file when none exists. Throws KeyError / InsecureFileError with an
 * actionable message instead of ever falling back to a weaker key. The server does not call this directly:
 * it goes through `openDataKey` (crypto/dataKey.ts), which refuses to replace a key the database still needs.
 */
export function loadOrCreateKey(options: LoadKeyOptions): DataKey {
  return findKey(options) ?? createKeyFile(options.dataDir);
}

const b64 = (b: Buffer) => b.toString('base64url');
const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Encrypts one value to `v1.<iv>.<tag>.<ciphertext>` (base64url). Pass `aad` (e.g. `transcripts.text:<rowId>`)
 * to bind the ciphertext to its place, so it cannot be copied into another row and still decrypt.
 */
export function encryptField(key: DataKey | KeyObject, plaintext: string, aad?: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyObject(key), iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${b64(iv)}.${b64(cipher.getAuthTag())}.${b64(ct)}`;
}

/** Throws FieldDecryptError on a malformed value, a wrong key, a wrong `aad`, or any tampering. */
export function decryptField(key: DataKey | KeyObject, field: string, aad?: string): string {
  const parts = field.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((p) => B64URL.test(p))) {
    throw new FieldDecryptError('encrypted field is malformed or of an unknown version');
  }
  const iv = Buffer.from(parts[1], 'base64url');
  const tag = Buffer.from(parts[2], 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new FieldDecryptError('encrypted field is malformed');
  const decipher = createDecipheriv('aes-256-gcm', keyObject(key), iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new FieldDecryptError('encrypted field failed authentication: wrong key, wrong context (aad) or tampered data');
  }
}

export function isEncryptedField(value: string): boolean {
  return /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/.test(value);
}

function keyObject(key: DataKey | KeyObject): KeyObject {
  const k = 'key' in key && 'keyId' in key ? key.key : key;
  if (k.type !== 'secret' || k.symmetricKeySize !== KEY_BYTES) throw new KeyError('field encryption needs a 32-byte secret key');
  return k;
}
