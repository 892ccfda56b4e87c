import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect as vexpect, it } from 'vitest';
import { ulid } from 'ulid';
import type { Browser, Page } from 'playwright-core';
import { findPhrase, parseTypedSlots, renderPhrase } from '@lotse/shared/phrasebook';
import arCitizen from '../../shared/src/i18n/locales/ar/citizen.json' with { type: 'json' };
import ukCitizen from '../../shared/src/i18n/locales/uk/citizen.json' with { type: 'json' };
import { launchChromium, newDevice } from './support/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { startE2eServer } from './support/useLotse.ts';
import { expect } from './pages/expect.ts';
import { pairDevice } from './pages/PairingPage.ts';
import { CounterPage } from './pages/CounterPage.ts';
import { ConversationPage } from './pages/ConversationPage.ts';
import { CitizenScreenPage } from './pages/CitizenScreenPage.ts';
import { usablePassword } from './pages/StaffAccount.ts';

const SHOTS = '/tmp/phrase/shots';
const TYPED = 'Kommen Sie bitte am Dienstag um 10:30 wieder';

/** Issue 18 in Chromium: suggestions while the clerk types, slots rendered for the citizen, the citizen's replies. */
describe('phrasebook both ways in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let desk: Page;
  let tablet: Page;
  let conversation: ConversationPage;
  let citizen: CitizenScreenPage;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startE2eServer();
    const password = await usablePassword(server.baseUrl, 'sachbearbeitung', server.passwords.sachbearbeitung);
    browser = await launchChromium();
    ({ page: tablet } = await newDevice(browser, { viewport: { width: 1024, height: 768 } }));
    await pairDevice(tablet, `${server.baseUrl}/counter/citizen`, (await server.lotse.devices.createPairingCode('citizen', 'Bürgertablet Platz 1', 'platz-1')).code);
    citizen = new CitizenScreenPage(tablet);
    await citizen.expectFollowing('Platz 1');
    ({ page: desk } = await newDevice(browser));
    await pairDevice(desk, `${server.baseUrl}/counter/`, (await server.lotse.devices.createPairingCode('counter', 'Platz 1 Tablet')).code);
    const counter = new CounterPage(desk);
    await counter.signIn('sachbearbeitung', password);
    await counter.openCounter('Platz 1', ['Personalausweis']);
    conversation = new ConversationPage(desk);
    const receipt = await server.lotse.queue.createTicket({ id: ulid(), serviceId: 'personalausweis', language: 'ar' });
    await counter.callNext();
    await conversation.waitForSession(receipt.ticket.number);
    await conversation.setMode('paired');
    await citizen.consent(arCitizen.consent.accept);
    await expect(conversation.consentState()).toContainText('Zugestimmt');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the clerk types a sentence, picks the suggestion; the Arabic screen shows the prepared sentence with Arabic date and time', async () => {
    await conversation.panel().getByLabel('Satz tippen').pressSequentially(TYPED);
    const suggestion = conversation.panel().getByTestId('phrase-suggestions').getByRole('button').first();
    await expect(suggestion).toContainText('Kommen Sie bitte am Dienstag');
    const slots = parseTypedSlots(TYPED).values;
    const expected = renderPhrase(findPhrase('appointments-come-back')!, 'ar', { date: slots.date!, time: slots.time! });
    await desk.screenshot({ path: `${SHOTS}/desk-ar-suggestion.png` });
    await suggestion.click();

    const line = citizen.transcript().locator('li.line.clerk').last();
    await expect(line.locator('.main')).toHaveText(expected);
    vexpect(expected).toContain('١٠:٣٠');
    vexpect(expected).toContain('الثلاثاء');
    vexpect(await line.locator('.main').getAttribute('lang')).toBe('ar');
    vexpect(await citizen.half().getAttribute('dir')).toBe('rtl');
    // Honest label: drafted, not "reviewed".
    await expect(line.locator('.badge')).toHaveText(arCitizen.transcript.drafted);
    await expect(conversation.transcript().locator('li.line.clerk .badge.drafted')).toHaveText('Vorbereitete Übersetzung, noch nicht geprüft');
    // The typed text was replaced by the phrase: nothing untranslated went out.
    vexpect(await conversation.panel().getByLabel('Satz tippen').inputValue()).toBe('');
  });

  it('the citizen taps "I don’t understand": the clerk reads it in German; "I need an interpreter" alerts the desk', async () => {
    await citizen.half().getByTestId('quick-replies').getByRole('button', { name: 'لا أفهم.' }).click();
    const line = conversation.transcript().locator('li.line.citizen').last();
    await expect(line.locator('.main')).toHaveText('Ich verstehe das nicht.');
    await citizen.half().getByTestId('quick-replies').getByRole('button', { name: 'أحتاج إلى مترجم.' }).click();
    await expect(conversation.panel().locator('.notices')).toContainText('Dolmetscher');
    await citizen.half().getByTestId('citizen-phrasebook').locator('summary').click();
    await citizen.half().getByRole('button', { name: 'هل يمكنني الدفع بالبطاقة؟' }).click();
    await expect(conversation.transcript().locator('li.line.citizen .main').last()).toHaveText('Kann ich mit Karte bezahlen?');
    await tablet.screenshot({ path: `${SHOTS}/citizen-ar.png`, fullPage: true });
    await desk.screenshot({ path: `${SHOTS}/desk-ar.png`, fullPage: true });
  });

  it('in Ukrainian: a slotted phrase from the phrasebook with its pickers, and the quick replies in Ukrainian', async () => {
    const s = (await server.lotse.sessions.get('platz-1'))!;
    await server.lotse.sessions.setLanguage(s.id, 'uk');
    await expect(citizen.half().getByTestId('quick-replies').getByRole('button', { name: 'Я не розумію.' })).toBeVisible();
    await conversation.panel().getByLabel('Satz tippen').pressSequentially('Die Gebühr beträgt 37,00 €');
    await conversation.panel().getByTestId('phrase-suggestions').getByRole('button').first().click();
    await expect(citizen.transcript().locator('li.line.clerk .main').last()).toContainText('37,00');
    await expect(citizen.transcript().locator('li.line.clerk .badge').last()).toHaveText(ukCitizen.transcript.drafted);
    await citizen.half().getByTestId('quick-replies').getByRole('button', { name: 'Будь ласка, скажіть простіше.' }).click();
    await expect(conversation.transcript().locator('li.line.citizen .main').last()).toHaveText('Bitte sagen Sie es einfacher.');
    await tablet.screenshot({ path: `${SHOTS}/citizen-uk.png`, fullPage: true });
    await desk.screenshot({ path: `${SHOTS}/desk-uk.png`, fullPage: true });
  });
});
