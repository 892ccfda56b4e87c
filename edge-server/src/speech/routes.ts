import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody } from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { SpeechEngines } from './registry.ts';

const EngineStatusSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('asr'), Type.Literal('mt')]),
  installed: Type.Boolean(),
  languages: Type.Array(Type.String()),
  pairs: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
  detail: Type.String(),
});

/** Which engines run here and what they serve: the admin page shows it, so a missing model is never a surprise. */
export function engineRoutes(app: FastifyInstance, engines: SpeechEngines | undefined, authorize: Authorize): void {
  app.get('/api/v1/engines', {
    schema: { tags: ['speech'], summary: 'Speech recognition and translation engines and what they serve', response: { 200: Type.Array(EngineStatusSchema), 401: ErrorBody, 403: ErrorBody } },
    preHandler: authorize({ staff: ['clerk', 'admin'] }),
  }, () => engines?.status() ?? []);
}
