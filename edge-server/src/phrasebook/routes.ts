import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError, ErrorBody, isLanguageCode, LanguageSchema } from '@lotse/shared';
import { PHRASEBOOK, PhraseId, PhraseRecord, fromRecord, phraseProblems, phrasesFromCsv, phrasesToCsv, phrasesToXliff, toRecord, unitsFromXliff, type PhraseRecordT } from '@lotse/shared/phrasebook';
import type { Authorize } from '../http/auth.ts';
import type { PhrasebookService } from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const CSV_LIMIT = 4 * 1024 * 1024;
const AdminPhrase = Type.Object({ ...PhraseRecord.properties, origin: Type.Union([Type.Literal('shipped'), Type.Literal('office')]), changed: Type.Boolean() });
const AdminPhrasebook = Type.Object({ phrases: Type.Array(AdminPhrase), hidden: Type.Array(PhraseId) });
const ImportResult = Type.Object({ saved: Type.Integer(), unchanged: Type.Integer() });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Textbausteine in the admin application: the office's phrases over the shipped set, CSV for an agency. */
export function phrasebookRoutes(fastify: FastifyInstance, phrases: PhrasebookService, authorize: Authorize): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const admin = authorize({ staff: ['admin'] });
  const by = (request: { staff?: { id: string } }) => `staff:${request.staff?.id ?? 'unknown'}`;

  app.get('/api/v1/phrasebook', {
    schema: { tags: ['phrasebook'], summary: 'All phrases (shipped and this office’s), with review status per language', response: { 200: AdminPhrasebook, ...errors } },
    preHandler: admin,
  }, async () => {
    const office = await phrases.officePart();
    const own = new Set(office.phrases.map((p) => p.id));
    const shipped = new Set(PHRASEBOOK.map((p) => p.id));
    const all = await phrases.all();
    return {
      phrases: all.map((p) => ({ ...toRecord(p), origin: shipped.has(p.id) ? 'shipped' as const : 'office' as const, changed: shipped.has(p.id) && own.has(p.id) })),
      hidden: office.hidden,
    };
  });

  app.put('/api/v1/phrasebook/phrases/:id', {
    schema: { tags: ['phrasebook'], summary: 'Add or change a phrase (texts, slots, reviews); slots must match in every language given', params: Type.Object({ id: PhraseId }), body: PhraseRecord, response: { 200: PhraseRecord, ...errors } },
    preHandler: admin,
  }, async (request) => {
    if (request.body.id !== request.params.id) throw new DomainError('BAD_REQUEST', 'the id in the path and the body differ');
    // The schema checked every language key; the type names them (see PhraseRecordT).
    const record = request.body as PhraseRecordT;
    const problems = phraseProblems(fromRecord(record), false);
    if (problems.length) throw new DomainError('BAD_REQUEST', problems.join('; '));
    return toRecord(await phrases.save(record, by(request)));
  });

  app.delete('/api/v1/phrasebook/phrases/:id', {
    schema: { tags: ['phrasebook'], summary: 'Hide a shipped phrase or delete one of the office’s', params: Type.Object({ id: PhraseId }), response: { 204: Type.Null(), ...errors } },
    preHandler: admin,
  }, async (request, reply) => {
    await phrases.remove(request.params.id, by(request));
    return reply.status(204).send(null);
  });

  app.post('/api/v1/phrasebook/phrases/:id/restore', {
    schema: { tags: ['phrasebook'], summary: 'A shipped phrase back as shipped (the office’s change or hiding undone)', params: Type.Object({ id: PhraseId }), response: { 204: Type.Null(), ...errors } },
    preHandler: admin,
  }, async (request, reply) => {
    await phrases.restore(request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/phrasebook/export.csv', {
    schema: { tags: ['phrasebook'], summary: 'Every phrase as CSV (UTF-8): per language text, reviewer, review date', response: { 200: Type.String(), ...errors } },
    preHandler: admin,
  }, async (_request, reply) => {
    const csv = phrasesToCsv((await phrases.all()).map(toRecord));
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="textbausteine.csv"').send(csv);
  });

  app.get('/api/v1/phrasebook/export.xlf', {
    schema: { tags: ['phrasebook'], summary: 'Every phrase as XLIFF 1.2 for one target language (German source; reviewed texts state="final")', querystring: Type.Object({ language: LanguageSchema }), response: { 200: Type.String(), ...errors } },
    preHandler: admin,
  }, async (request, reply) => {
    const xml = phrasesToXliff((await phrases.all()).map(toRecord), request.query.language);
    return reply.header('content-type', 'application/xliff+xml; charset=utf-8').header('content-disposition', `attachment; filename="textbausteine-${request.query.language}.xlf"`).send(xml);
  });

  void app.register(async (scope) => {
    for (const type of ['application/xliff+xml', 'application/xml', 'text/xml']) {
      scope.addContentTypeParser(type, { parseAs: 'string', bodyLimit: CSV_LIMIT }, (_req, body, done) => done(null, body));
    }
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/phrasebook/import.xlf', {
      schema: { tags: ['phrasebook'], summary: 'Import one language from XLIFF 1.2 (as exported): known phrases only; every unit checked first', body: Type.String({ maxLength: CSV_LIMIT }), response: { 200: ImportResult, ...errors } },
      bodyLimit: CSV_LIMIT,
      preHandler: admin,
    }, async (request) => {
      let parsed: ReturnType<typeof unitsFromXliff>;
      try {
        parsed = unitsFromXliff(request.body);
      } catch (err) {
        throw new DomainError('BAD_REQUEST', err instanceof Error ? err.message : 'not XLIFF');
      }
      const lang = parsed.target;
      if (!isLanguageCode(lang) || lang === 'de') throw new DomainError('BAD_REQUEST', `target-language ${lang} is not a language of the catalogue other than German`);
      const current = new Map((await phrases.all()).map((p) => [p.id, toRecord(p)]));
      const changed: PhraseRecordT[] = [];
      const problems: string[] = [];
      for (const u of parsed.units) {
        const r = current.get(u.id);
        if (!r) {
          problems.push(`${u.id}: no such phrase`);
          continue;
        }
        // A changed text without a review in the file is drafted again.
        const review = u.review ?? (r.text[lang] === u.text ? r.reviews[lang] : undefined);
        const next: PhraseRecordT = { ...r, text: { ...r.text, [lang]: u.text }, reviews: { ...r.reviews, [lang]: review } };
        if (!review) delete next.reviews[lang];
        problems.push(...phraseProblems(fromRecord(next), false));
        if (!same(next, r)) changed.push(next);
      }
      if (problems.length) throw new DomainError('BAD_REQUEST', problems.slice(0, 20).join('; '));
      for (const r of changed) await phrases.save(r, by(request));
      return { saved: changed.length, unchanged: parsed.units.length - changed.length };
    });
  });

  void app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_LIMIT }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/phrasebook/import.csv', {
      schema: { tags: ['phrasebook'], summary: 'Import a CSV (as exported): all rows are checked first; one bad row and nothing is stored', body: Type.String({ maxLength: CSV_LIMIT }), response: { 200: ImportResult, ...errors } },
      bodyLimit: CSV_LIMIT,
      preHandler: admin,
    }, async (request) => {
      const { records, errors: problems } = phrasesFromCsv(request.body);
      if (problems.length) throw new DomainError('BAD_REQUEST', problems.slice(0, 20).map((e) => `line ${e.line}: ${e.message}`).join('; '));
      const current = new Map((await phrases.all()).map((p) => [p.id, toRecord(p)]));
      let saved = 0;
      for (const r of records) {
        if (same(current.get(r.id), r)) continue;
        await phrases.save(r, by(request));
        saved++;
      }
      return { saved, unchanged: records.length - saved };
    });
  });
}
