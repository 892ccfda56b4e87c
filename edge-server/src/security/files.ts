import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Secrets on disk (data key, TLS private keys) must be readable by the service user only (BSI SYS.1.1). */
export class InsecureFileError extends Error {
  override name = 'InsecureFileError';
}

/**
 * Throws unless `file` is a regular file (not a symlink), owned by this user and without group/other bits.
 * Windows has no mode bits: there the data directory's ACL has to protect it, so only the type is checked.
 */
export function assertPrivateFile(file: string): void {
  const st = fs.lstatSync(file);
  if (!st.isFile()) throw new InsecureFileError(`${file} is not a regular file (symlinks are refused)`);
  if (process.platform === 'win32') return;
  const mode = st.mode & 0o777;
  if (mode & 0o077) {
    throw new InsecureFileError(
      `${file} is readable by group or others (mode ${mode.toString(8).padStart(4, '0')}); refusing to start. ` +
      `Fix it with: chmod 600 ${file}`,
    );
  }
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new InsecureFileError(`${file} belongs to another user (uid ${st.uid}); refusing to start`);
  }
}

/** Writes via a temp file + rename so a crash never leaves half a key; the file is 0600 from its first byte. */
export function writePrivateFile(file: string, data: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}
