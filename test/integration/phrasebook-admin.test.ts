import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C2S, S2C, type SessionStateT } from '@lotse/shared';
import { PHRASEBOOK, phrasesToCsv, toRecord, type PhraseRecordT } from '@lotse/shared/phrasebook';
import { callOk, emitRaw, newId, nextEvent, TestServer } from '../helpers/server.ts';

/** Issue 18 §5: the office maintains its Textbausteine; office phrases are stored, shipped ones stay data. */
describe('phrasebook administration', () => {
  let server: TestServer;
  const admin = () => ({ token: server.adminToken });
  /** The harness sends JSON; the import takes text/csv as a spreadsheet saves it. */
  const importCsv = async (csv: string) => {
    const res = await fetch(`${server.url}/api/v1/phrasebook/import.csv`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/csv' }, body: csv });
    return { status: res.status, body: (await res.json()) as { saved?: number; unchanged?: number; error?: { message: string } } };
  };

  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(async () => {
    await server?.close();
  });

  const own: PhraseRecordT = {
    id: 'fees-parking-ticket', group: 'fees', direction: 'clerk', slots: { amount: 'amount' },
    text: { de: 'Der Bewohnerparkausweis kostet {amount}.', ar: 'تصريح وقوف السكان يكلف {amount}.' }, reviews: {},
  };

  it('only an admin reads and changes the phrasebook', async () => {
    expect((await server.http('GET', '/api/v1/phrasebook')).status).toBe(401);
    expect((await server.http('GET', '/api/v1/phrasebook', { token: server.clerkToken })).status).toBe(403);
    expect((await server.http('PUT', `/api/v1/phrasebook/phrases/${own.id}`, { token: server.clerkToken, body: own })).status).toBe(403);
  });

  it('adds an office phrase with a slot; a language whose slots differ is refused with the reason', async () => {
    const bad = { ...own, text: { ...own.text, tr: 'Ücret.' } };
    const refused = await server.http<{ error: { message: string } }>('PUT', `/api/v1/phrasebook/phrases/${own.id}`, { ...admin(), body: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('slot amount not used');
    expect((await server.http('PUT', `/api/v1/phrasebook/phrases/${own.id}`, { ...admin(), body: own })).status).toBe(200);
    const list = await server.http<{ phrases: (PhraseRecordT & { origin: string })[] }>('GET', '/api/v1/phrasebook', admin());
    expect(list.body.phrases.find((p) => p.id === own.id)).toMatchObject({ origin: 'office', text: own.text });
  });

  it('a clerk can say the office phrase in Arabic at once; a language it lacks is refused, not sent in German', async () => {
    const kiosk = await server.connect('kiosk');
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'anmeldung', language: 'ar' });
    const clerk = await server.connect('counter');
    await callOk(clerk, C2S.counterOpen, { counterId: 'platz-2', serviceIds: ['anmeldung'] });
    await callOk(clerk, C2S.sessionGet, { counterId: 'platz-2' });
    const opened = nextEvent(clerk, S2C.sessionState);
    await callOk(clerk, C2S.counterCallNext, { counterId: 'platz-2' });
    const [session]: [SessionStateT] = await opened;
    const book = await callOk(clerk, C2S.phrasebookGet, { sessionId: session.id });
    expect(book.phrases.map((p) => p.id)).toContain(own.id);
    const line = await callOk(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: own.id, slots: { amount: 3050 } });
    expect(line.text).toBe('Der Bewohnerparkausweis kostet 30,50\u00a0€.');
    expect(line.translation).toContain('٣٠٫٥٠');
    await callOk(clerk, C2S.sessionSetLanguage, { sessionId: session.id, language: 'tr' });
    expect(await emitRaw(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: own.id, slots: { amount: 3050 } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('hides a shipped phrase and restores it; deletes an office one', async () => {
    expect((await server.http('DELETE', '/api/v1/phrasebook/phrases/greeting-hello', admin())).status).toBe(204);
    let list = await server.http<{ phrases: { id: string }[]; hidden: string[] }>('GET', '/api/v1/phrasebook', admin());
    expect(list.body.hidden).toContain('greeting-hello');
    expect(list.body.phrases.map((p) => p.id)).not.toContain('greeting-hello');
    expect((await server.http('POST', '/api/v1/phrasebook/phrases/greeting-hello/restore', admin())).status).toBe(204);
    list = await server.http('GET', '/api/v1/phrasebook', admin());
    expect(list.body.phrases.map((p) => p.id)).toContain('greeting-hello');
    expect((await server.http('DELETE', `/api/v1/phrasebook/phrases/${own.id}`, admin())).status).toBe(204);
    expect((await server.http('DELETE', `/api/v1/phrasebook/phrases/${own.id}`, admin())).status).toBe(404);
  });

  it('CSV: exports every phrase; an import with a review stores it; a bad file stores nothing', async () => {
    const exported = await server.http<string>('GET', '/api/v1/phrasebook/export.csv', admin());
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    const reviewed = { ...toRecord(PHRASEBOOK.find((p) => p.id === 'fees-amount')!), reviews: { uk: { reviewer: 'O. Kovalenko', date: '2026-12-01' } } };
    const csv = phrasesToCsv([reviewed, toRecord(PHRASEBOOK[0])]);
    const imported = await importCsv(csv);
    expect(imported.body, JSON.stringify(imported.body)).toEqual({ saved: 1, unchanged: 1 });
    const list = await server.http<{ phrases: (PhraseRecordT & { changed: boolean })[] }>('GET', '/api/v1/phrasebook', admin());
    expect(list.body.phrases.find((p) => p.id === 'fees-amount')).toMatchObject({ changed: true, reviews: { uk: { reviewer: 'O. Kovalenko' } } });
    const broken = csv.replace('O. Kovalenko', '').replace('"2026-12-01"', '"gestern"');
    const refused = await importCsv(broken.replace('Die Gebühr beträgt {amount}.', 'Gebühr.'));
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/line 2/);
    // Nothing of the bad file was stored: the review from the good import is still there.
    const after = await server.http<{ phrases: PhraseRecordT[] }>('GET', '/api/v1/phrasebook', admin());
    expect(after.body.phrases.find((p) => p.id === 'fees-amount')?.text.de).toBe('Die Gebühr beträgt {amount}.');
  });

  it('XLIFF: exports one language; a reviewed file coming back records the review; a broken slot stores nothing', async () => {
    const exported = await server.http<string>('GET', '/api/v1/phrasebook/export.xlf?language=ti', admin());
    expect(exported.status).toBe(200);
    const xml = exported.body;
    expect(xml).toContain('target-language="ti"');
    const unit = /<trans-unit id="greeting-hello"[\s\S]*?<\/trans-unit>/.exec(xml)![0];
    const reviewedUnit = unit.replace('state="translated"', 'state="final"').replace('</target>', '</target>\n        <note>reviewed by T. Ghebre on 2026-12-02</note>');
    const post = async (body: string) => {
      const res = await fetch(`${server.url}/api/v1/phrasebook/import.xlf`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/xliff+xml' }, body });
      return { status: res.status, body: (await res.json()) as { saved?: number; error?: { message: string } } };
    };
    const ok = await post(xml.replace(unit, reviewedUnit));
    expect(ok).toMatchObject({ status: 200, body: { saved: 1 } });
    expect((await server.lotse.sessions.phrases.find('greeting-hello'))?.reviews.ti).toEqual({ reviewer: 'T. Ghebre', date: '2026-12-02' });
    const amount = /<trans-unit id="fees-total"[\s\S]*?<\/trans-unit>/.exec(xml)![0];
    const bad = await post(xml.replace(amount, amount.replace(/(<target[^>]*>[^<]*)\{amount\}/, '$1')));
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('fees-total (ti): slot amount not used');
    expect((await server.lotse.sessions.phrases.find('fees-total'))?.text.ti).toContain('{amount}');
  });

  it('a reviewed translation is labelled reviewed on the line, with its reviewer', async () => {
    const kiosk = await server.connect('kiosk');
    await callOk(kiosk, C2S.ticketCreate, { id: newId(), serviceId: 'personalausweis', language: 'uk' });
    const clerk = await server.connect('counter');
    await callOk(clerk, C2S.counterOpen, { counterId: 'platz-3', serviceIds: ['personalausweis'] });
    await callOk(clerk, C2S.sessionGet, { counterId: 'platz-3' });
    const opened = nextEvent(clerk, S2C.sessionState);
    await callOk(clerk, C2S.counterCallNext, { counterId: 'platz-3' });
    const [session]: [SessionStateT] = await opened;
    const line = await callOk(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'fees-amount', slots: { amount: 3700 } });
    expect(line).toMatchObject({ translationKind: 'reviewed', review: { reviewer: 'O. Kovalenko', date: '2026-12-01' } });
    const drafted = await callOk(clerk, C2S.sessionPhrase, { sessionId: session.id, phraseId: 'fees-total', slots: { amount: 3700 } });
    expect(drafted.translationKind).toBe('drafted');
  });
});
