// Finding engine binaries on PATH (engines spawn them without a shell) and the priority engines run at.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Absolute path of an executable on PATH, or undefined. */
export function which(binary: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  if (binary.includes('/')) return isExecutable(binary) ? binary : undefined;
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return existsSync(path);
  } catch {
    return false;
  }
}

/**
 * Nice value for engine processes and threads: `option`, else LOTSE_ENGINE_NICE, else 10. The server runs at 0,
 * so engine work yields the CPU to the event loop whenever both want it.
 */
export function engineNice(option?: number): number {
  const raw = option ?? Number(process.env.LOTSE_ENGINE_NICE || 10);
  return Number.isInteger(raw) && raw >= 0 && raw <= 19 ? raw : 10;
}
