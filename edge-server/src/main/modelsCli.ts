// Operator command: `node --import tsx edge-server/src/main/modelsCli.ts list|install <id> [--from <dir>]|remove <id>`.
// Models go to LOTSE_MODELS_DIR (default ./models). The only code in Lotse that downloads anything.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findModel, MODEL_CATALOGUE, type CatalogueModel } from '../speech/models/catalogue.ts';
import { installModel, isInstalled, ModelInstallError } from '../speech/models/install.ts';
import { languageCoverage, MODEL_FAMILIES } from '../speech/models/coverage.ts';
import { translatorFor } from '../speech/registry.ts';
import { TransformersTranslator } from '../speech/transformers.ts';
import { findLanguage } from '@lotse/shared';

export interface CliContext {
  modelsDir: string;
  catalogue: readonly CatalogueModel[];
  out: (line: string) => void;
}

const USAGE = 'usage: models list | models install <id> [--from <folder or file>] [--accept-unverified-hash] | models remove <id>';

/** Per kiosk language: who recognises it, who translates each way with German, which families would. */
function coverageLines(modelsDir: string, catalogue: readonly CatalogueModel[]): string[] {
  const whisper = catalogue.some((m) => m.kind === 'asr' && isInstalled(m, modelsDir));
  const mt = [new TransformersTranslator({ modelsDir })];
  const recognised = new Set(MODEL_FAMILIES.find((f) => f.id === 'whisper')!.languages);
  const rows = languageCoverage({
    recognizerFor: (l) => (whisper && recognised.has(l) ? { id: 'whisper' } : undefined),
    translatorFor: (from, to) => translatorFor(mt, from, to),
  });
  const cell = (d: { engine: string | null; note: string }) => (d.engine ?? d.note).padEnd(26);
  const lines = ['', 'per language (with German)   recognition     → German                   German →                   families (licence)'];
  for (const r of rows) {
    const name = `${r.language} ${findLanguage(r.language)?.germanName ?? ''}`.padEnd(28);
    const families = r.translationFamilies.map((id) => `${id} (${MODEL_FAMILIES.find((f) => f.id === id)!.licence})`).join(', ');
    lines.push(`${name} ${(r.recognition.engine ?? 'not available').padEnd(15)} ${cell(r.toGerman)} ${cell(r.fromGerman)} ${families || '–'}`);
  }
  lines.push('', 'licences:');
  for (const f of MODEL_FAMILIES) lines.push(`  ${f.id.padEnd(11)} ${f.licence.padEnd(13)} ${f.size}; ${f.allows}`);
  return lines;
}

/** Returns the process exit code. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'list') {
    ctx.out(`models dir: ${ctx.modelsDir}`);
    for (const m of ctx.catalogue) {
      const state = isInstalled(m, ctx.modelsDir) ? 'installed' : 'not installed';
      const mark = m.verification === 'verified' ? '' : m.verification === 'unpinned' ? ' [no hash pinned: install --from]' : ' [hash needs verification]';
      ctx.out(`${m.id.padEnd(24)} ${m.kind}  ${state.padEnd(13)}  ${m.description}${mark}`);
    }
    for (const line of coverageLines(ctx.modelsDir, ctx.catalogue)) ctx.out(line);
    return 0;
  }
  if (command === 'remove') {
    const model = rest[0] ? findModel(ctx.catalogue, rest[0]) : undefined;
    if (!model) {
      ctx.out(rest[0] ? `unknown model '${rest[0]}'; see: models list` : USAGE);
      return 2;
    }
    rmSync(join(ctx.modelsDir, model.target), { recursive: true, force: true });
    ctx.out(`removed ${model.id} from ${ctx.modelsDir}`);
    return 0;
  }
  if (command === 'install') {
    const id = rest.find((a, i) => !a.startsWith('--') && rest[i - 1] !== '--from');
    const model = id ? findModel(ctx.catalogue, id) : undefined;
    if (!model) {
      ctx.out(id ? `unknown model '${id}'; see: models list` : USAGE);
      return 2;
    }
    const from = rest.indexOf('--from');
    try {
      await installModel(model, {
        modelsDir: ctx.modelsDir,
        fromLocal: from >= 0 ? resolve(rest[from + 1] ?? '') : undefined,
        acceptUnverifiedHash: rest.includes('--accept-unverified-hash'),
        log: ctx.out,
      });
      return 0;
    } catch (err) {
      ctx.out(`install failed: ${err instanceof Error ? err.message : String(err)}`);
      return err instanceof ModelInstallError ? 1 : 3;
    }
  }
  ctx.out(USAGE);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const modelsDir = resolve(process.env.LOTSE_MODELS_DIR ?? 'models');
  runCli(process.argv.slice(2), { modelsDir, catalogue: MODEL_CATALOGUE, out: (l) => console.log(l) }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(3);
    },
  );
}
