import type { Page } from './expect.ts';
import { pollUntil, WAIT } from '../../helpers/timeouts.ts';

export class DisplayPage {
  constructor(readonly page: Page) {}

  /** The newest call shown large. */
  currentCall() {
    return this.page.getByTestId('current-call').first();
  }

  /** Every call shown large (the calls of the last few seconds, newest first). */
  currentCalls() {
    return this.page.getByTestId('current-call');
  }

  /**
   * Waits until the "Ton einschalten" button is shown, reading the page through CDP without a user gesture:
   * Playwright's own queries run as a user gesture, which lifts the browser's autoplay block by themselves.
   */
  async waitForSoundButtonUntouched(): Promise<void> {
    const cdp = await this.page.context().newCDPSession(this.page);
    try {
      await pollUntil('the sound button, before any touch', async () => {
        const res = await cdp.send('Runtime.evaluate', { expression: `document.querySelector('.sound-button') !== null && navigator.userActivation.hasBeenActive === false`, userGesture: false, returnByValue: true });
        return res.result.value === true;
      }, (shown) => shown, WAIT.ui);
    } finally {
      await cdp.detach();
    }
  }
}
