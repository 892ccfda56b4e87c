import type { StaffSessionT } from '@lotse/shared';

const KEY = 'lotse.staff';

/** The staff session lives for this browser tab only: closing the tab signs the clerk out. */
export function loadStaffSession(): StaffSessionT | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as StaffSessionT | null;
    return value && Date.parse(value.expiresAt) > Date.now() ? value : undefined;
  } catch {
    return undefined;
  }
}

export function saveStaffSession(session: StaffSessionT | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}
