import { registerSW } from 'virtual:pwa-register';

/** A new version waits until the clerk has no citizen at the desk: it is applied on the next sign-in screen. */
export let applyPendingUpdate: (() => Promise<void>) | undefined;

export function registerUpdatePrompt(): void {
  const update = registerSW({
    onNeedRefresh() {
      applyPendingUpdate = () => update(true);
    },
  });
}
