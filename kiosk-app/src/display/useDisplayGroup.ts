import { useCallback, useEffect, useState } from 'react';
import { S2C } from '@lotse/shared';
import { apiFetch, type LotseConnection } from '@lotse/shared/client';

/**
 * Which counters this display shows (issue 11: the admin's display groups); `shows(id)` is true for every counter
 * while the display is in no group. Read again whenever the office changes its counters or groups.
 */
export function useDisplayGroup(token: string, connection: LotseConnection | undefined): (counterId: string) => boolean {
  const [allowed, setAllowed] = useState<ReadonlySet<string> | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => void apiFetch<{ counterIds: string[] | null }>('/api/v1/office/display-group', { deviceToken: token })
      .then((g) => live && setAllowed(g.counterIds ? new Set(g.counterIds) : null), () => undefined);
    load();
    connection?.socket.on(S2C.countersUpdated, load);
    return () => {
      live = false;
      connection?.socket.off(S2C.countersUpdated, load);
    };
  }, [token, connection]);
  return useCallback((counterId: string) => allowed === null || allowed.has(counterId), [allowed]);
}
