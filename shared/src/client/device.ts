import type { DeviceRoleT, PairedDeviceT } from '../schemas/auth.ts';
import { apiFetch } from './api.ts';

const KEY = 'lotse.device';

/** The device's pairing survives reloads and server restarts: it lives in the browser's storage. */
export function loadDevice(role: DeviceRoleT): PairedDeviceT | undefined {
  try {
    const raw = localStorage.getItem(`${KEY}.${role}`);
    const value = raw ? (JSON.parse(raw) as PairedDeviceT) : undefined;
    return value?.role === role && typeof value.token === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function saveDevice(device: PairedDeviceT): void {
  localStorage.setItem(`${KEY}.${device.role}`, JSON.stringify(device));
}

export function forgetDevice(role: DeviceRoleT): void {
  localStorage.removeItem(`${KEY}.${role}`);
}

export async function pairWithCode(code: string, expected: DeviceRoleT): Promise<PairedDeviceT> {
  const device = await apiFetch<PairedDeviceT>('/api/v1/devices/pair', { body: { code: code.trim() } });
  if (device.role !== expected) throw new Error(`this code pairs a ${device.role}, not a ${expected}`);
  saveDevice(device);
  return device;
}

/** Development switch (LOTSE_DEV_AUTOPAIR=1 on the server, browser on the same machine). */
export async function tryDevAutoPair(role: DeviceRoleT): Promise<PairedDeviceT | undefined> {
  const info = await apiFetch<{ devAutoPair: boolean }>('/api/v1/info').catch(() => undefined);
  if (!info?.devAutoPair) return undefined;
  // A citizen screen follows one counter: `?counter=platz-1` in the address names it.
  const counterId = role === 'citizen' ? new URLSearchParams(location.search).get('counter') : null;
  const body = counterId ? { role, counterId } : { role };
  const device = await apiFetch<PairedDeviceT>('/api/v1/devices/dev-pair', { body }).catch(() => undefined);
  if (device) saveDevice(device);
  return device;
}
