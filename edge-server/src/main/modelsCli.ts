// Operator command: `node --import tsx edge-server/src/main/modelsCli.ts list|install <id>`.
// Models go to LOTSE_MODELS_DIR (default ./models). The only code in Lotse that downloads anything.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findModel, MODEL_CATALOGUE, type CatalogueModel } from '../speech/models/catalogue.ts';
import { installModel, isInstalled, ModelInstallError } from '../speech/models/install.ts';

export interface CliContext {
  modelsDir: string;
  catalogue: readonly CatalogueModel[];
  out: (line: string) => void;
}

const USAGE = 'usage: models list | models install <id> [--accept-unverified-hash]';

/** Returns the process exit code. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'list') {
    ctx.out(`models dir: ${ctx.modelsDir}`);
    for (const m of ctx.catalogue) {
      const state = isInstalled(m, ctx.modelsDir) ? 'installed' : 'not installed';
      const mark = m.verification === 'verified' ? '' : ' [hash needs verification]';
      ctx.out(`${m.id.padEnd(18)} ${m.kind}  ${state.padEnd(13)}  ${m.description}${mark}`);
    }
    return 0;
  }
  if (command === 'install') {
    const id = rest.find((a) => !a.startsWith('--'));
    const model = id ? findModel(ctx.catalogue, id) : undefined;
    if (!model) {
      ctx.out(id ? `unknown model '${id}'; see: models list` : USAGE);
      return 2;
    }
    try {
      await installModel(model, {
        modelsDir: ctx.modelsDir,
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
