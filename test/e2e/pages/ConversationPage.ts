import { expect, expectPage, type Page } from './expect.ts';

/** The conversation panel on the clerk's desk (German), shown while a ticket is called. */
export class ConversationPage {
  constructor(readonly page: Page) {}

  panel() {
    return this.page.getByTestId('conversation');
  }

  consentState() {
    return this.page.getByTestId('consent-state');
  }

  micState() {
    return this.page.getByTestId('mic-state');
  }

  transcript() {
    return this.page.getByTestId('clerk-transcript');
  }

  micButton() {
    return this.panel().getByRole('button', { name: /^Mikrofon (einschalten|pausieren)$/ });
  }

  async waitForSession(ticketNumber: string) {
    await expect(this.page.getByRole('heading', { name: `Gespräch mit ${ticketNumber}` })).toBeVisible();
  }

  /** The radio follows the server's state, so it is checked once the server has answered. */
  async setMode(mode: 'single' | 'paired') {
    const radio = this.panel().getByRole('radio', { name: mode === 'single' ? 'Ein Tablet (geteilt)' : 'Zwei Geräte' });
    if (!(await radio.isChecked())) await radio.click();
    await expectPage(this.page, `screen mode ${mode}`, () => radio.isChecked());
  }

  async startMic() {
    await this.panel().getByRole('button', { name: 'Mikrofon einschalten' }).click();
    await expect(this.panel().getByRole('button', { name: 'Mikrofon pausieren' })).toBeVisible();
  }

  async pauseMic() {
    await this.panel().getByRole('button', { name: 'Mikrofon pausieren' }).click();
    await expect(this.panel().getByRole('button', { name: 'Mikrofon einschalten' })).toBeVisible();
  }

  async say(text: string) {
    await this.panel().getByLabel('Satz tippen').fill(text);
    await this.panel().getByRole('button', { name: 'Senden' }).click();
  }

  async sendPhrase(group: string, germanText: string) {
    await this.panel().getByText(group, { exact: false }).first().click();
    await this.panel().getByRole('button', { name: new RegExp(germanText) }).click();
  }

  async end() {
    await this.panel().getByRole('button', { name: 'Gespräch beenden' }).click();
  }
}

/**
 * Counts `getUserMedia` calls and keeps the streams (so a test can see that their tracks were stopped), and notes
 * when transcript lines appear. Install with `context.addInitScript(recordMedia)` before the page loads.
 */
export function recordMedia(): void {
  const w = window as unknown as { __media: { calls: number; streams: MediaStream[]; lineTimes: number[] } };
  w.__media = { calls: 0, streams: [], lineTimes: [] };
  const devices = navigator.mediaDevices;
  if (devices) {
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      w.__media.calls++;
      const stream = await original(constraints);
      w.__media.streams.push(stream);
      return stream;
    };
  }
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.matches('li.line')) w.__media.lineTimes.push(performance.now());
  }).observe(document, { childList: true, subtree: true });
}

export interface MediaRecord { calls: number; live: number; ended: number; lineTimes: number[]; marks: Record<string, number[]> }

export async function mediaRecord(page: Page): Promise<MediaRecord> {
  return page.evaluate(() => {
    const m = (window as unknown as { __media: { calls: number; streams: MediaStream[]; lineTimes: number[] } }).__media;
    const tracks = m.streams.flatMap((s) => s.getTracks());
    const marks: Record<string, number[]> = {};
    for (const e of performance.getEntries()) if (e.name.startsWith('lotse:')) (marks[e.name] ??= []).push(e.entryType === 'measure' ? e.duration : e.startTime);
    return { calls: m.calls, live: tracks.filter((t) => t.readyState === 'live').length, ended: tracks.filter((t) => t.readyState === 'ended').length, lineTimes: m.lineTimes, marks };
  });
}
