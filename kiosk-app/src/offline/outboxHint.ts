/**
 * Whether the offline outbox may hold undelivered check-ins, kept beside it in localStorage so that a kiosk whose
 * outbox is empty starts without loading Dexie (about 30 KB): the first screen stays within its budget. Anything
 * but a confirmed "empty" (no entry, an older version, storage trouble) means: load the outbox and deliver.
 */
const KEY = 'lotse.kiosk.outbox';

/** The outbox's IndexedDB database (Dexie, outbox.ts). */
export const OUTBOX_DB = 'lotse-kiosk';

export async function outboxMayHoldCheckIns(): Promise<boolean> {
  let hint: string | null;
  try {
    hint = localStorage.getItem(KEY);
  } catch {
    return true;
  }
  if (hint === 'empty') return false;
  // A kiosk that never stored a check-in offline has no outbox database at all (a new tablet, or the first start).
  try {
    const dbs = await indexedDB.databases?.();
    if (dbs && !dbs.some((d) => d.name === OUTBOX_DB)) {
      if (localStorage.getItem(KEY) !== 'pending') markOutbox('empty');
      return false;
    }
  } catch {
    // no list of databases in this browser: load the outbox
  }
  return true;
}

export function markOutbox(state: 'pending' | 'empty'): void {
  try {
    localStorage.setItem(KEY, state);
  } catch {
    // no storage: outboxMayHoldCheckIns() answers true, the outbox is loaded on every start
  }
}
