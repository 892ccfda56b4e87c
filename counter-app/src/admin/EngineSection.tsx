import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { EngineStatusT } from '@lotse/shared';
import { ModelCoverage } from './ModelCoverage.tsx';
import { ModelManager } from './ModelManager.tsx';

/** Refreshed while the page is open: streams in use change as counters talk. */
const REFRESH_MS = 10_000;

/** "Sprach-Engines": per engine what it serves, its live-stream capacity, streams in use and refusals today. */
export function EngineSection({ token }: { token: string }) {
  const { t } = useTranslation('counter');
  const [engines, setEngines] = useState<EngineStatusT[]>();
  const load = useCallback(() => {
    void apiFetch<EngineStatusT[]>('/api/v1/engines', { token }).then(setEngines, () => undefined);
  }, [token]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <section aria-labelledby="engines-title" data-testid="admin-engines">
      <h2 id="engines-title">{t('admin.engines.title')}</h2>
      {engines?.length === 0 && <p>{t('admin.engines.none')}</p>}
      <table className="engine-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.engines.engine')}</th>
            <th scope="col">{t('admin.engines.kind')}</th>
            <th scope="col">{t('admin.engines.installed')}</th>
            <th scope="col">{t('admin.engines.capacity')}</th>
            <th scope="col">{t('admin.engines.inUse')}</th>
            <th scope="col">{t('admin.engines.waiting')}</th>
            <th scope="col">{t('admin.engines.refusedToday')}</th>
            <th scope="col">{t('admin.engines.queue')}</th>
            <th scope="col">{t('admin.engines.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {engines?.map((e) => (
            <tr key={e.id} data-testid={`engine-${e.id}`}>
              <td>{e.id}</td>
              <td>{t(`admin.engines.${e.kind}`)}</td>
              <td>{e.installed ? t('admin.engines.yes') : t('admin.engines.no')}</td>
              <td title={e.streams?.basis}>{e.streams ? e.streams.capacity : '–'}</td>
              <td>{e.streams ? e.streams.inUse : '–'}</td>
              <td>{e.streams ? e.streams.waiting : '–'}</td>
              <td>{e.streams ? e.streams.refusedToday : '–'}</td>
              <td>{e.queue ? t('admin.engines.queueValue', e.queue) : '–'}</td>
              <td className="engine-detail">{e.detail}{e.streams ? ` (${e.streams.basis})` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ModelCoverage token={token} />
      <ModelManager token={token} />
    </section>
  );
}
