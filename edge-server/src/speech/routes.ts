import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EngineCoverage, EngineStatus, ErrorBody, LiveTranslation } from '@lotse/shared';
import { languageCoverage, liveTranslationAvailable, MODEL_FAMILIES, PARTNER_LANGUAGES } from './models/coverage.ts';
import type { Authorize } from '../http/auth.ts';
import type { SpeechEngines } from './registry.ts';

/** Which engines run here and what they serve: the admin page shows it, so a missing model is never a surprise. */
export function engineRoutes(fastify: FastifyInstance, engines: SpeechEngines | undefined, authorize: Authorize): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
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
}
