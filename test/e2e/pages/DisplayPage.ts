import type { Page } from './expect.ts';

export class DisplayPage {
  constructor(readonly page: Page) {}

  currentCall() {
    return this.page.getByTestId('current-call');
  }
}
