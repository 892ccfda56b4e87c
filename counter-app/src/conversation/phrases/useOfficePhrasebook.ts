import { useEffect, useState } from 'react';
import { C2S, type SessionStateT } from '@lotse/shared';
import type { LotseConnection } from '@lotse/shared/client';
import { PHRASEBOOK, mergeOffice, type OfficePhrasebookT, type Phrase } from '@lotse/shared/phrasebook';

export interface OfficeBook {
  phrases: readonly Phrase[];
  uses: Readonly<Record<string, number>>;
}

const EMPTY: OfficeBook = { phrases: PHRASEBOOK, uses: {} };
/** One request per session, shared by the phrasebook, the suggestions and the citizen's replies. */
const cache = new Map<string, Promise<OfficePhrasebookT>>();

/** The office's phrasebook (shipped + its own) and, for the clerk, the uses for the session's service. */
export function useOfficePhrasebook(connection: LotseConnection, session: Pick<SessionStateT, 'id'>): OfficeBook {
  const [book, setBook] = useState<OfficeBook>(EMPTY);
  useEffect(() => {
    let stale = false;
    let request = cache.get(session.id);
    if (!request) {
      // The wire type cannot name the languages; the schema checked them (see PhraseRecordT).
      request = connection.request(C2S.phrasebookGet, { sessionId: session.id }) as Promise<OfficePhrasebookT>;
      cache.set(session.id, request);
      request.catch(() => cache.delete(session.id));
    }
    request.then((office) => !stale && setBook({ phrases: mergeOffice(PHRASEBOOK, office), uses: office.uses })).catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [connection, session.id]);
  return book;
}
