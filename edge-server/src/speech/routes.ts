import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError, EngineCoverage, EngineStatus, ErrorBody, LiveTranslation, ModelActionResult, ModelInstallBody, ModelInventory } from '@lotse/shared';
import { noAudit, type Audit } from '../audit/auditor.ts';
import { findModel, MODEL_CATALOGUE } from './models/catalogue.ts';
import { ModelInstallError } from './models/install.ts';
import { installFromIncoming, modelInventory, removeModel } from './models/manage.ts';
import { languageCoverage, liveTranslationAvailable, MODEL_FAMILIES, PARTNER_LANGUAGES } from './models/coverage.ts';
import type { Authorize } from '../http/auth.ts';
import type { SpeechEngines } from './registry.ts';

/** Which engines run here and what they serve: the admin page shows it, so a missing model is never a surprise. */
type TypedApp = ReturnType<typeof typed>;
const typed = (f: FastifyInstance) => f.withTypeProvider<TypeBoxTypeProvider>();

export function engineRoutes(fastify: FastifyInstance, engines: SpeechEngines | undefined, authorize: Authorize, audit: Audit = noAudit): void {
  const app = typed(fastify);
  app.get('/api/v1/engines', {
    schema: { tags: ['speech'], summary: 'Speech recognition and translation engines: what they serve, live streams (capacity, in use, refused today), queues', response: { 200: Type.Array(EngineStatus), 401: ErrorBody, 403: ErrorBody } },
    preHandler: authorize({ staff: ['clerk', 'admin'] }),
  }, () => engines?.status() ?? []);
  app.get('/api/v1/engines/coverage', {
    schema: { tags: ['speech'], summary: 'Per kiosk language: recognition and translation with German installed here (or not available), model families and licences', response: { 200: EngineCoverage, 401: ErrorBody, 403: ErrorBody } },
    preHandler: authorize({ staff: ['admin'] }),
  }, () => ({ families: [...MODEL_FAMILIES], languages: languageCoverage(engines) }));
  // Public like /api/v1/info: the kiosk tells the citizen before the counter; it names no model and no person.
  app.get('/api/v1/engines/live-translation', {
    schema: { tags: ['speech'], summary: 'Kiosk languages the counters can live-translate with German today (both directions installed)', response: { 200: LiveTranslation } },
  }, () => ({ languages: PARTNER_LANGUAGES.filter((l) => liveTranslationAvailable(engines, l)) }));

  modelRoutes(app, engines, authorize, audit);
}

/** Model management (admin): inventory with disk and memory, install from <models>/incoming/<id>/, remove; audited. */
function modelRoutes(app: TypedApp, engines: SpeechEngines | undefined, authorize: Authorize, audit: Audit): void {
  const admin = authorize({ staff: ['admin'] });
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
  const params = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }) });
  const modelOf = (id: string) => {
    const model = findModel(MODEL_CATALOGUE, id);
    if (!model) throw new DomainError('NOT_FOUND', `no catalogue model '${id}'`);
    if (!engines) throw new DomainError('CONFLICT', 'this server runs without speech engines');
    return model;
  };
  app.get('/api/v1/models', {
    schema: { tags: ['speech'], summary: 'Catalogue models: installed, disk use, loaded; server memory (admin)', response: { 200: ModelInventory, ...errors } },
    preHandler: admin,
  }, () => ({
    modelsDir: engines?.modelsDir ?? '',
    memoryBytes: process.memoryUsage().rss,
    models: engines ? modelInventory(engines.modelsDir, MODEL_CATALOGUE, engines.loadedModels()) : [],
  }));
  app.post('/api/v1/models/:id/install', {
    schema: { tags: ['speech'], summary: 'Install a catalogue model from files placed in <models>/incoming/<id>/, SHA-256 checked (admin)', params, body: ModelInstallBody, response: { 200: ModelActionResult, ...errors } },
    preHandler: admin,
  }, async (request) => {
    const model = modelOf(request.params.id);
    let log: string[];
    try {
      log = await installFromIncoming(engines!.modelsDir, model, request.body.acceptUnverifiedHash === true);
    } catch (err) {
      if (err instanceof ModelInstallError) throw new DomainError('BAD_REQUEST', err.message);
      throw err;
    }
    await engines!.refreshModels();
    await audit({ actor: `staff:${request.staff?.id ?? 'unknown'}`, action: 'settings.changed', subject: model.id, details: { settings: ['models'], kind: 'installed', engine: model.id } });
    return { id: model.id, log, note: model.kind === 'asr' ? 'restart the server to load the new recognition model' : 'ready' };
  });
  app.delete('/api/v1/models/:id', {
    schema: { tags: ['speech'], summary: 'Remove an installed catalogue model from disk and memory (admin)', params, response: { 200: ModelActionResult, ...errors } },
    preHandler: admin,
  }, async (request) => {
    const model = modelOf(request.params.id);
    if (!(await removeModel(engines!.modelsDir, model))) throw new DomainError('NOT_FOUND', `${model.id} is not installed`);
    await engines!.refreshModels();
    await audit({ actor: `staff:${request.staff?.id ?? 'unknown'}`, action: 'settings.changed', subject: model.id, details: { settings: ['models'], kind: 'removed', engine: model.id } });
    return { id: model.id, log: [], note: model.kind === 'asr' ? 'restart the server to release the recognition model' : 'removed' };
  });
}
