import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EngineStatus, ErrorBody } from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { SpeechEngines } from './registry.ts';

/** Which engines run here and what they serve: the admin page shows it, so a missing model is never a surprise. */
export function engineRoutes(fastify: FastifyInstance, engines: SpeechEngines | undefined, authorize: Authorize): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/v1/engines', {
    schema: { tags: ['speech'], summary: 'Speech recognition and translation engines: what they serve, live streams (capacity, in use, refused today), queues', response: { 200: Type.Array(EngineStatus), 401: ErrorBody, 403: ErrorBody } },
    preHandler: authorize({ staff: ['clerk', 'admin'] }),
  }, () => engines?.status() ?? []);
}
