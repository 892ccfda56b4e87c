import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect as vexpect, it } from 'vitest';
import { ulid } from 'ulid';
import type { Browser, Page } from 'playwright-core';
import { createSpeechEngines } from '../../edge-server/src/speech/registry.ts';
import type { SpeechEngines } from '../../edge-server/src/speech/registry.ts';
import esCitizen from '../../shared/src/i18n/locales/es/citizen.json' with { type: 'json' };
import { launchChromium, newDevice } from './support/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { startE2eServer } from './support/useLotse.ts';
import { eventually, expect } from './pages/expect.ts';
import { WAIT } from '../helpers/timeouts.ts';
import { pairDevice } from './pages/PairingPage.ts';
import { CounterPage } from './pages/CounterPage.ts';
import { ConversationPage, mediaRecord, recordMedia } from './pages/ConversationPage.ts';
import { CitizenScreenPage } from './pages/CitizenScreenPage.ts';
import { usablePassword } from './pages/StaffAccount.ts';

const AUDIO = /\.(wav|pcm|raw|s16|ogg|oga|opus|webm|mp3|flac|m4a|aac)$/i;

function filesUnder(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, fs.statSync(p).size);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/**
 * The live conversation in Chromium, with the real engines installed here: PocketSphinx hears English, Apertium
 * translates English → Spanish. The clerks speak English (clerkLanguage 'en'); the ticket is Spanish. A WAV made at
 * test time plays as the microphone.
 */
describe('counter conversation in Chromium (real speech engines)', () => {
  let server: TestServer;
  let browser: Browser;
  let engines: SpeechEngines;
  let work: string;
  let modelsDir: string;
  let before: Map<string, number>;
  let password: string;
  let pushed = 0;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-conv-e2e-'));
    modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-conv-models-'));
    const raw = path.join(work, 'x.wav');
    const wav = path.join(work, 'speech.wav');
    execFileSync('espeak-ng', ['-v', 'en', '-w', raw, 'hello I need a new passport please']);
    execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav, 'pad', '0.5', '1.5']);
    engines = createSpeechEngines({ modelsDir });
    server = await startE2eServer({ engines, clerkLanguage: 'en' });
    // Count every audio frame that reaches the session service.
    const original = server.lotse.sessions.pushAudio.bind(server.lotse.sessions);
    server.lotse.sessions.pushAudio = async (...args) => {
      pushed++;
      return original(...args);
    };
    before = filesUnder(server.dir);
    password = await usablePassword(server.baseUrl, 'sachbearbeitung', server.passwords.sachbearbeitung);
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engines?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    if (modelsDir) fs.rmSync(modelsDir, { recursive: true, force: true });
  });

  async function clerkDesk(): Promise<{ page: Page; counter: CounterPage; conversation: ConversationPage }> {
    const { context, page } = await newDevice(browser);
    await context.addInitScript(recordMedia);
    await pairDevice(page, `${server.baseUrl}/counter/`, (await server.lotse.devices.createPairingCode('counter', 'Platz 1 Tablet')).code);
    const counter = new CounterPage(page);
    await counter.signIn('sachbearbeitung', password);
    await counter.openCounter('Platz 1', ['Reisepass']);
    return { page, counter, conversation: new ConversationPage(page) };
  }

  async function citizenTablet(): Promise<{ page: Page; citizen: CitizenScreenPage }> {
    const { context, page } = await newDevice(browser, { viewport: { width: 1024, height: 768 } });
    await context.addInitScript(recordMedia);
    await pairDevice(page, `${server.baseUrl}/counter/citizen`, (await server.lotse.devices.createPairingCode('citizen', 'Bürgertablet Platz 1', 'platz-1')).code);
    const citizen = new CitizenScreenPage(page);
    await citizen.expectFollowing('Platz 1');
    return { page, citizen };
  }

  async function callSpanishTicket(counter: CounterPage, conversation: ConversationPage): Promise<string> {
    const receipt = await server.lotse.queue.createTicket({ id: ulid(), serviceId: 'reisepass', language: 'es' });
    await counter.callNext();
    await expect(counter.current()).toContainText(receipt.ticket.number);
    await conversation.waitForSession(receipt.ticket.number);
    return receipt.ticket.number;
  }

  it('consent on the citizen tablet, microphone on the clerk side: the Spanish line appears, marked as machine-translated', async () => {
    const { page: tablet, citizen } = await citizenTablet();
    const { page: desk, counter, conversation } = await clerkDesk();
    // ONNX Runtime compiles WebAssembly: the page's CSP must allow it, or the VAD cannot start.
    const csp = (await desk.request.get(`${server.baseUrl}/counter/`)).headers()['content-security-policy'] ?? '';
    vexpect(csp, "script-src needs 'wasm-unsafe-eval' for the in-browser VAD (edge-server/src/http/hardening.ts)").toMatch(/script-src[^;]*'wasm-unsafe-eval'/);
    await callSpanishTicket(counter, conversation);
    await conversation.setMode('paired');

    // The citizen tablet shows the consent screen in Spanish; nothing has opened a microphone yet.
    await expect(citizen.half().getByRole('heading', { name: esCitizen.consent.title })).toBeVisible();
    vexpect(await citizen.half().getAttribute('lang')).toBe('es');
    await expect(conversation.micButton()).toBeVisible();
    await eventually('the microphone button stays disabled', () => conversation.micButton().isDisabled());
    vexpect((await mediaRecord(desk)).calls).toBe(0);

    await citizen.consent(esCitizen.consent.accept);
    await expect(conversation.consentState()).toContainText('Zugestimmt');
    await conversation.startMic();

    // English speech → PocketSphinx → Apertium → Spanish on the citizen's tablet, with the AI Act mark.
    const line = citizen.transcript().locator('li.line.clerk').first();
    await expect(line).toBeVisible(WAIT.speech);
    await expect(line.locator('.badge.machine')).toHaveText(esCitizen.transcript.machine);
    vexpect(await line.locator('.main').getAttribute('lang')).toBe('es');
    vexpect(((await line.locator('.main').textContent()) ?? '').trim().length).toBeGreaterThan(0);
    await expect(conversation.transcript().locator('li.line.clerk .badge.machine')).toHaveText('Maschinell übersetzt');
    vexpect(pushed).toBeGreaterThan(0);
    // Markup (issue 14, items 2 and 4): the log role sits on a wrapper so the lines stay list items; the citizen
    // tablet's page has a main landmark and an h1, the desk's rotated half keeps its h2.
    await expect(tablet.locator('[role="log"] > ol.lines:not([role]) > li.line').first()).toBeVisible();
    await expect(desk.locator('[role="log"] > ol.lines:not([role]) > li.line').first()).toBeVisible();
    await expect(tablet.locator('main h1#citizen-title')).toHaveCount(1);
    // Reading distance (issue 14, item 6): the citizen reads the main line at about 30 px and the badge at 18 px or more.
    const px = (selector: string) => tablet.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    vexpect(await px('li.line.clerk .main')).toBeGreaterThanOrEqual(28);
    vexpect(await px('li.line.clerk .main')).toBeLessThanOrEqual(32);
    vexpect(await px('li.line.clerk .badge')).toBeGreaterThanOrEqual(18);
    if (process.env.LOTSE_SHOTS_DIR) await tablet.screenshot({ path: `${process.env.LOTSE_SHOTS_DIR}/citizen-tablet-es.png` });

    const desktopMedia = await mediaRecord(desk);
    vexpect(desktopMedia.calls).toBe(1);
    const speechEnd = desktopMedia.marks['lotse:speech-end']?.[0];
    const firstLine = desktopMedia.lineTimes.find((t) => speechEnd !== undefined && t > speechEnd);
    console.info('[vad]', JSON.stringify({
      vadNewMs: desktopMedia.marks['lotse:vad-new'], vadReadyMs: desktopMedia.marks['lotse:vad-ready'],
      speechEndToLineMs: speechEnd !== undefined && firstLine !== undefined ? Math.round(firstLine - speechEnd) : null,
      server: server.lotse.sessions.pipeline.timings.map((t) => ({ asr: Math.round(t.asrMs), mt: Math.round(t.translateMs), total: Math.round(t.totalMs) })),
    }));

    // Pausing stops every microphone track; the VAD was made once for all utterances.
    await conversation.pauseMic();
    await eventually('clerk microphone tracks stopped', async () => (await mediaRecord(desk)).live === 0);
    vexpect((await mediaRecord(desk)).calls).toBe(1);

    // Withdrawing consent on the tablet: the clerk sees it, and the microphone cannot be switched on.
    await citizen.half().getByRole('button', { name: esCitizen.consent.withdraw }).click();
    await expect(conversation.consentState()).toContainText('zurückgenommen');
    await eventually('the microphone button stays disabled', () => conversation.micButton().isDisabled());
    vexpect((await mediaRecord(tablet)).live).toBe(0);
    await conversation.end();
    await expect(citizen.half().getByText(esCitizen.ended)).toBeVisible();
    await desk.context().close();
    await tablet.context().close();
  });

  it('without consent no microphone is opened and no audio frame reaches the server', async () => {
    const { page: tablet, citizen } = await citizenTablet();
    const { page: desk, counter, conversation } = await clerkDesk();
    const pushedBefore = pushed;
    await callSpanishTicket(counter, conversation);
    await conversation.setMode('paired');
    await expect(citizen.half().getByRole('heading', { name: esCitizen.consent.title })).toBeVisible();
    await citizen.half().getByRole('button', { name: esCitizen.consent.decline }).click();
    await expect(conversation.consentState()).toContainText('Abgelehnt');
    await eventually('the microphone button stays disabled', () => conversation.micButton().isDisabled());

    // The phrasebook and typing still work.
    await conversation.say('Good morning');
    await expect(citizen.transcript().locator('li.line.clerk')).toHaveCount(1);
    // The typed line went through the server after the refusal, so the consent state has settled on both pages;
    // no getUserMedia call at all means no microphone could have sent a frame, now or later.
    vexpect((await mediaRecord(desk)).calls).toBe(0);
    vexpect((await mediaRecord(tablet)).calls).toBe(0);
    vexpect(pushed).toBe(pushedBefore);
    await conversation.end();
    await desk.context().close();
    await tablet.context().close();
  });

  it('no audio file was written to the data folder while the conversations ran', () => {
    const after = filesUnder(server.dir);
    const added = [...after.keys()].filter((f) => !before.has(f));
    vexpect(added.filter((f) => AUDIO.test(f))).toEqual([]);
    // Only the database and its journal files may appear.
    vexpect(added.filter((f) => !/lotse\.sqlite(-wal|-shm|-journal)?$/.test(f))).toEqual([]);
    vexpect([...filesUnder(modelsDir).keys()]).toEqual([]);
  });
});
