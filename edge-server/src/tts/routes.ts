import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError, ErrorBody, fail, TtsQuery, TtsVoices } from '@lotse/shared';
import type { Authorize } from '../http/auth.ts';
import type { TtsService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 503: ErrorBody };

/** `GET /api/v1/tts` (audio/wav) and the voice list, for kiosk and display devices. */
export function ttsRoutes(fastify: FastifyInstance, tts: TtsService, authorize: Authorize) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const devices = authorize({ devices: ['kiosk', 'display'] });

  app.get('/api/v1/tts/voices', {
    schema: { tags: ['speech'], summary: 'Catalogue languages and whether the server can speak them', response: { 200: TtsVoices, ...errors } },
    preHandler: devices,
  }, () => tts.voices());

  app.get('/api/v1/tts', {
    schema: {
      tags: ['speech'],
      summary: 'Speak a text (≤ 300 characters) in a catalogue language: audio/wav from espeak-ng',
      querystring: TtsQuery,
      // The WAV is a Buffer: fastify sends it as is, the schema only documents it (errors stay JSON).
      response: { 200: { description: 'The spoken text', content: { 'audio/wav': { schema: Type.Unsafe<Uint8Array>(Type.String({ format: 'binary' })) } } }, ...errors },
    },
    preHandler: devices,
  }, async (request, reply) => {
    try {
      const wav = await tts.speak(request.query.lang, request.query.text);
      return reply.header('content-type', 'audio/wav').header('cache-control', 'private, max-age=3600').send(wav);
    } catch (err) {
      // A language without a voice is "not found" here (the shared status of NO_ENGINE is 409).
      if (err instanceof DomainError && err.code === 'NO_ENGINE') return reply.status(404).send(fail(err.code, err.message));
      throw err;
    }
  });
}
