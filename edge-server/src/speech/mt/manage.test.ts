// The admin's model management through the real server: inventory (disk, memory, loaded), install from files placed
// in <models>/incoming/<id>/ with the SHA-256 checked against the catalogue, remove; every change audited.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelActionResultT, ModelInventoryT } from '@lotse/shared';
import { TestServer } from '../../../../test/helpers/server.ts';
import { MODEL_CATALOGUE } from '../models/catalogue.ts';
import { createSpeechEngines, type SpeechEngines } from '../registry.ts';
import { buildTinyTranslationModel, writeTinyTranslationModel } from './tinyModel.ts';

const dir = mkdtempSync(join(tmpdir(), 'lotse-manage-'));
const incoming = join(dir, 'incoming', 'opus-mt-de-en');
const real = MODEL_CATALOGUE.find((m) => m.id === 'opus-mt-de-en')!;
const tiny = buildTinyTranslationModel({ family: 'marian', from: 'de', to: 'en' });
const original = { ...real, files: real.files.map((f) => ({ ...f })) };

describe('model management (admin HTTP API)', () => {
  let server: TestServer;
  let engines: SpeechEngines;
  const admin = () => ({ token: server.adminToken });

  beforeAll(async () => {
    // The catalogue entry pinned to the generated files: what a real entry is to the real files.
    real.files = [...tiny].map(([path, data]) => ({ url: `https://huggingface.co/Xenova/opus-mt-de-en/resolve/x/${path}`, path, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') }));
    engines = createSpeechEngines({ modelsDir: dir, warmUp: false });
    server = await TestServer.start({ app: { engines } });
  });
  afterAll(async () => {
    Object.assign(real, original);
    await server?.close();
    await engines?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a wrong file is refused with the reason and installs nothing', async () => {
    writeTinyTranslationModel(incoming, { family: 'marian', seed: 99 }); // other weights: other hashes
    const refused = await server.http<{ error: { code: string; message: string } }>('POST', '/api/v1/models/opus-mt-de-en/install', { ...admin(), body: { acceptUnverifiedHash: true } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/SHA-256 mismatch .*not installed/);
    const list = await server.http<ModelInventoryT>('GET', '/api/v1/models', admin());
    expect(list.body.models.find((m) => m.id === 'opus-mt-de-en')).toMatchObject({ installed: false, incoming: true, diskBytes: 0 });
    expect(engines.translatorFor('de', 'en')).toBeUndefined();
  });

  it('the right files install, translate at once, show disk use and loaded state; removal unloads; both audited', async () => {
    rmSync(incoming, { recursive: true });
    writeTinyTranslationModel(incoming, { family: 'marian' });
    const unconfirmed = await server.http<{ error: { message: string } }>('POST', '/api/v1/models/opus-mt-de-en/install', { ...admin(), body: {} });
    expect(unconfirmed.body.error.message).toMatch(/needs verification/);
    const ok = await server.http<ModelActionResultT>('POST', '/api/v1/models/opus-mt-de-en/install', { ...admin(), body: { acceptUnverifiedHash: true } });
    expect(ok.status).toBe(200);
    expect(ok.body.log.join('\n')).toMatch(/sha256 ok/);
    expect(await engines.translatorFor('de', 'en')?.translate('Guten Tag', 'de', 'en')).toBe('Good day');
    const list = await server.http<ModelInventoryT>('GET', '/api/v1/models', admin());
    const entry = list.body.models.find((m) => m.id === 'opus-mt-de-en')!;
    expect(entry).toMatchObject({ installed: true, loaded: true });
    expect(entry.diskBytes).toBe([...tiny.values()].reduce((s, b) => s + b.length, 0));
    expect(list.body.memoryBytes).toBeGreaterThan(0);

    const removed = await server.http<ModelActionResultT>('DELETE', '/api/v1/models/opus-mt-de-en', admin());
    expect(removed.status).toBe(200);
    expect(engines.loadedModels()).toEqual([]);
    expect(engines.translatorFor('de', 'en')).toBeUndefined();
    expect((await server.http('DELETE', '/api/v1/models/opus-mt-de-en', admin())).status).toBe(404);
    const audit = await server.http<{ action: string; subject: string; details: Record<string, unknown> }[]>('GET', '/api/v1/audit?limit=5', admin());
    const changes = audit.body.filter((e) => e.subject === 'opus-mt-de-en').map((e) => e.details.kind);
    expect(changes).toEqual(['removed', 'installed']);
  });

  it('only the admin may manage models; unknown ids are refused', async () => {
    expect((await server.http('GET', '/api/v1/models', { token: server.clerkToken })).status).toBe(403);
    expect((await server.http('POST', '/api/v1/models/opus-mt-de-en/install', { token: server.clerkToken, body: {} })).status).toBe(403);
    expect((await server.http('POST', '/api/v1/models/nope/install', { ...admin(), body: {} })).status).toBe(404);
    expect((await server.http('POST', '/api/v1/models/..%2F..%2Fetc/install', { ...admin(), body: {} })).status).toBe(400);
  });
});
