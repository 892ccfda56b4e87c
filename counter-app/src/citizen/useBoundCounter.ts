import { useEffect, useState } from 'react';
import { apiFetch, ApiClientError, saveDevice } from '@lotse/shared/client';
import type { CounterT, PairedDeviceT } from '@lotse/shared';

const RETRY_MS = 3000;

export interface BoundCounter { id: string; name: string }
export type BoundCounterState =
  | { status: 'loading' }
  | { status: 'bound'; counter: BoundCounter }
  /** Paired before screens were bound to a counter: the server lets it follow none. */
  | { status: 'unbound' }
  | { status: 'unpaired' };

/**
 * The one counter this citizen screen may follow: fixed by the admin at pairing, carried by the pairing answer.
 * A screen paired by an older version asks the server (`/devices/me`); nothing on this device can choose another.
 */
export function useBoundCounter(device: PairedDeviceT): BoundCounterState {
  const [state, setState] = useState<BoundCounterState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const settle = (s: BoundCounterState) => live && setState(s);
    void (async () => {
      let counterId = device.counterId;
      if (!counterId) {
        try {
          const me = await apiFetch<{ counterId?: string }>('/api/v1/devices/me', { deviceToken: device.token });
          counterId = me.counterId;
          if (counterId) saveDevice({ ...device, counterId });
        } catch (err) {
          const code = err instanceof ApiClientError ? err.code : undefined;
          // A revoked token goes back to pairing; offline, ask again shortly.
          if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return settle({ status: 'unpaired' });
          retry = setTimeout(() => live && setAttempt((n) => n + 1), RETRY_MS);
          return;
        }
      }
      if (!counterId) return settle({ status: 'unbound' });
      const id = counterId;
      settle({ status: 'bound', counter: { id, name: id } });
      const counters = await apiFetch<CounterT[]>('/api/v1/counters', { deviceToken: device.token }).catch(() => []);
      // A counter the admin retired (issue 11) is no longer listed: this screen must be paired again, not follow it silently.
      if (counters.length > 0 && !counters.some((c) => c.id === id)) return settle({ status: 'unbound' });
      const name = counters.find((c) => c.id === id)?.name;
      if (name) settle({ status: 'bound', counter: { id, name } });
    })();
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, [device, attempt]);
  return state;
}
