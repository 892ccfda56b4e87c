// Model management for the admin page: what the catalogue holds, what is installed (disk), what is loaded
// (memory), install from files the admin placed in <models>/incoming/<id>/ (no network), remove.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogueModel } from './catalogue.ts';
import { installModel, isInstalled, ModelInstallError } from './install.ts';

export interface ModelInfo {
  id: string;
  kind: 'asr' | 'mt';
  description: string;
  verification: CatalogueModel['verification'];
  installed: boolean;
  /** Bytes on disk of the installed target (0 when not installed). */
  diskBytes: number;
  /** Its sessions are in memory now (translation models; whisper is loaded by its worker while installed). */
  loaded: boolean;
  /** Files are waiting in incoming/<id>/ to be installed. */
  incoming: boolean;
}

function bytesOf(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesOf(join(path, name)), 0);
}

export const incomingDir = (modelsDir: string, id: string) => join(modelsDir, 'incoming', id);

/** The id of a translation model folder as the translator names it (relative to mt/). */
const mtModelId = (m: CatalogueModel) => m.target.replace(/^mt\//, '');

export function modelInventory(modelsDir: string, catalogue: readonly CatalogueModel[], loaded: readonly string[]): ModelInfo[] {
  return catalogue.map((m) => {
    const installed = isInstalled(m, modelsDir);
    return {
      id: m.id,
      kind: m.kind,
      description: m.description,
      verification: m.verification,
      installed,
      diskBytes: installed ? bytesOf(join(modelsDir, m.target)) : 0,
      loaded: m.kind === 'mt' ? loaded.includes(mtModelId(m)) : installed && loaded.includes('whisper'),
      incoming: existsSync(incomingDir(modelsDir, m.id)),
    };
  });
}

/**
 * Installs from <models>/incoming/<id>/ (or the single file incoming/<id>/<file name>), checking every SHA-256
 * against the catalogue; the incoming copy stays until the admin deletes it, so a failed install loses nothing.
 */
export async function installFromIncoming(modelsDir: string, model: CatalogueModel, acceptUnverifiedHash: boolean): Promise<string[]> {
  const from = incomingDir(modelsDir, model.id);
  if (!existsSync(from)) throw new ModelInstallError(`place the files of ${model.id} in ${from} first`);
  const log: string[] = [];
  await installModel(model, { modelsDir, fromLocal: from, acceptUnverifiedHash, log: (l) => log.push(l) });
  return log;
}

export async function removeModel(modelsDir: string, model: CatalogueModel): Promise<boolean> {
  const target = join(modelsDir, model.target);
  if (!existsSync(target)) return false;
  await rm(target, { recursive: true, force: true });
  return true;
}

export { mtModelId };
