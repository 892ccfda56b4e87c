import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyCreatedT } from '@lotse/shared';
import { sign } from '../../edge-server/src/integrations/signing.ts';
import { repoRoot, TestServer } from '../helpers/server.ts';
import { WAIT } from '../helpers/timeouts.ts';

const run = promisify(execFile);
const doc = fs.readFileSync(path.join(repoRoot, 'docs/integrations.md'), 'utf8');
/** The fenced block right after `<!-- example: NAME -->`. */
function example(name: string): string {
  const m = new RegExp(`<!-- example: ${name} -->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!m) throw new Error(`docs/integrations.md has no example "${name}"`);
  return m[1];
}

describe('the example clients in docs/integrations.md work against a real server', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-docs-'));
  beforeAll(async () => {
    server = await TestServer.start({ pairDevices: false, app: { integrations: { deliveryIntervalMs: 0 } } });
    const key = await server.http<ApiKeyCreatedT>('POST', '/api/v1/integrations/api-keys', { token: server.adminToken, body: { name: 'docs-example', scopes: ['queue:read'] } });
    env = { ...process.env, LOTSE_URL: server.url, LOTSE_API_KEY: key.body.token };
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('curl', async () => {
    const { stdout } = await run('bash', ['-c', example('curl')], { env, timeout: WAIT.event });
    expect(JSON.parse(stdout)).toHaveProperty('waiting');
    await expect(run('bash', ['-c', example('curl')], { env: { ...env, LOTSE_API_KEY: 'lotse_wrong' }, timeout: WAIT.event })).rejects.toThrow();
  });

  it('TypeScript', async () => {
    const file = path.join(dir, 'client.mts'); // top-level await: an ES module
    fs.writeFileSync(file, `${example('typescript')}\nexport {};\n`);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', file], { env, cwd: repoRoot, timeout: WAIT.serverStart });
    expect(stdout.trim()).toMatch(/^\d+ waiting$/);
  });

  it('the receiver’s signature check accepts what Lotse signs and refuses a changed body', async () => {
    const file = path.join(dir, 'verify.ts');
    const secret = `whsec_${Buffer.from('k'.repeat(32)).toString('base64')}`;
    const ts = Math.floor(Date.now() / 1000);
    const body = '{"type":"ticket.created","data":{}}';
    const h = { id: 'msg_1', timestamp: String(ts), signature: sign(secret, 'msg_1', ts, body) };
    fs.writeFileSync(file, `${example('verify')}\nconst h = ${JSON.stringify(h)};\nconsole.log(verifyWebhook(${JSON.stringify(secret)}, h, ${JSON.stringify(body)}), verifyWebhook(${JSON.stringify(secret)}, h, '{}'));\n`);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, timeout: WAIT.serverStart });
    expect(stdout.trim()).toBe('true false');
  });
});
