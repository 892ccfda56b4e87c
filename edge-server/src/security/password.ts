import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (OWASP: N=2^17, r=8, p=1). The parameters and salt travel inside the hash string
 * (`$scrypt$ln=17,r=8,p=1$<salt>$<hash>`, base64url) so they can be raised later without breaking stored hashes.
 */
export interface ScryptParams { ln: number; r: number; p: number }
export const DEFAULT_SCRYPT: ScryptParams = { ln: 17, r: 8, p: 1 };

const KEY_LEN = 32;
const SALT_LEN = 16;
// A stored hash is input too: cap the cost so a crafted row cannot make verify eat all memory or CPU.
const MAX_LN = 20;
const MAX_R = 16;
const MAX_P = 4;
export const PASSWORD_MIN_LENGTH = 12;
// ASVS 2.1.2 allows at least 64; beyond 128 only costs time.
export const PASSWORD_MAX_LENGTH = 128;

function scryptAsync(password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  const N = 2 ** p.ln;
  // Node's default maxmem (32 MiB) is below what N=2^17, r=8 needs (128 MiB).
  const options: ScryptOptions = { N, r: p.r, p: p.p, maxmem: 256 * N * p.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  if (password.length === 0) throw new Error('password must not be empty');
  if (password.length > PASSWORD_MAX_LENGTH) throw new Error(`password longer than ${PASSWORD_MAX_LENGTH} characters`);
  const salt = randomBytes(SALT_LEN);
  const key = await scryptAsync(password, salt, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface ParsedHash { params: ScryptParams; salt: Buffer; key: Buffer }

const HASH_RE = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{40,})$/;

function parseHash(stored: string): ParsedHash | null {
  const m = HASH_RE.exec(stored);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 10 || params.ln > MAX_LN || params.r < 1 || params.r > MAX_R || params.p < 1 || params.p > MAX_P) return null;
  return { params, salt: Buffer.from(m[4], 'base64url'), key: Buffer.from(m[5], 'base64url') };
}

/** Fails closed: a malformed stored hash or an over-long password is simply "wrong". */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || password.length === 0 || password.length > PASSWORD_MAX_LENGTH) return false;
  const key = await scryptAsync(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when the hash was made with other parameters than today's defaults: re-hash after a successful sign-in. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.params.ln !== params.ln || parsed.params.r !== params.r || parsed.params.p !== params.p;
}

let dummyHash: Promise<string> | undefined;
/**
 * For unknown user names: spend the same time as a real verify so response timing does not reveal which
 * accounts exist (ASVS 2.2.x / user enumeration). Always resolves false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomToken());
  await verifyPassword(password.slice(0, PASSWORD_MAX_LENGTH) || 'x', await dummyHash);
  return false;
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'containsUsername' | 'common';

// A short deny list of the most common choices (incl. German ones); a full breached-password list is out of scope offline.
const COMMON = new Set([
  'passwort1234', 'password1234', '123456789012', 'qwertzuiop12', 'qwertyuiop12', 'hallo1234567', 'passwort123!',
  'password123!', 'willkommen12', 'welcome12345', 'administrator', 'lotse1234567', 'sommer202020', 'geheim123456',
]);

/** ASVS 2.1: length rules only (no composition rules), no user name, not a well-known password. */
export function passwordProblems(password: string, username?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const len = [...password].length;
  if (len < PASSWORD_MIN_LENGTH) problems.push('tooShort');
  if (len > PASSWORD_MAX_LENGTH) problems.push('tooLong');
  const lower = password.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) problems.push('containsUsername');
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) problems.push('common');
  return problems;
}

// No 0/O, 1/l/I: one-time passwords are read aloud and typed from paper.
const READABLE = 'abcdefghijkmnpqrstuvwxyz23456789';

/** One-time password like `k7mq-xp4d-a9rt-2hwe` (16 symbols from 32 → 80 bits). */
export function generatePassword(groups = 4, groupLength = 4): string {
  if (groups * groupLength < 12) throw new Error('one-time passwords need at least 12 symbols');
  const parts: string[] = [];
  for (let g = 0; g < groups; g++) {
    let part = '';
    for (let i = 0; i < groupLength; i++) part += READABLE[randomInt(READABLE.length)];
    parts.push(part);
  }
  return parts.join('-');
}

/** 256-bit random token, base64url (43 characters). */
export function randomToken(bytes = 32): string {
  if (bytes < 32) throw new Error('tokens need at least 256 bits');
  return randomBytes(bytes).toString('base64url');
}

/** Tokens and pairing codes are stored only as this hash; they have full entropy, so no salt/KDF is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
