import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, ApiClientError } from '@lotse/shared/client';
import type { ModelActionResultT, ModelInfoT, ModelInventoryT } from '@lotse/shared';

const mb = (bytes: number) => Math.round(bytes / 1024 ** 2);

/** "Modelle verwalten": installed, disk and memory use; install from <models>/incoming/<id>/ (hash-checked); remove. */
export function ModelManager({ token }: { token: string }) {
  const { t } = useTranslation('counter');
  const [inventory, setInventory] = useState<ModelInventoryT>();
  const [message, setMessage] = useState<{ ok: boolean; text: string; log?: string[] }>();
  const [busy, setBusy] = useState<string>();
  const load = useCallback(() => {
    void apiFetch<ModelInventoryT>('/api/v1/models', { token }).then(setInventory, () => undefined);
  }, [token]);
  useEffect(load, [load]);

  const act = async (model: ModelInfoT, action: 'install' | 'remove') => {
    if (action === 'remove' && !window.confirm(t('admin.modelManager.confirmRemove', { id: model.id }))) return;
    // Like --accept-unverified-hash on the command line: the admin confirms having compared the hashes.
    if (action === 'install' && model.verification !== 'verified' && !window.confirm(t('admin.modelManager.confirmUnverified', { id: model.id }))) return;
    setBusy(model.id);
    try {
      const result = action === 'install'
        ? await apiFetch<ModelActionResultT>(`/api/v1/models/${model.id}/install`, { token, body: { acceptUnverifiedHash: model.verification !== 'verified' } })
        : await apiFetch<ModelActionResultT>(`/api/v1/models/${model.id}`, { token, method: 'DELETE' });
      const restart = result.note.startsWith('restart') ? ` ${t('admin.modelManager.restart')}` : '';
      setMessage({ ok: true, text: t(action === 'install' ? 'admin.modelManager.installed' : 'admin.modelManager.removed', { id: model.id }) + restart, log: result.log });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiClientError ? err.message : String(err) });
    } finally {
      setBusy(undefined);
      load();
    }
  };

  if (!inventory) return null;
  return (
    <section aria-labelledby="model-manager-title" data-testid="admin-model-manager">
      <h3 id="model-manager-title">{t('admin.modelManager.title')}</h3>
      <p>{t('admin.modelManager.memory', { mb: mb(inventory.memoryBytes) })}</p>
      <p className="hint">{t('admin.modelManager.howTo', { dir: `${inventory.modelsDir}/incoming/<id>/` })}</p>
      <div role="status">{message && <p className={message.ok ? 'notice' : 'error'} data-testid="model-message">{message.text}</p>}
        {message?.log && message.log.length > 0 && <pre className="engine-detail" dir="ltr">{message.log.join('\n')}</pre>}
      </div>
      <table className="engine-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.modelManager.model')}</th>
            <th scope="col">{t('admin.modelManager.state')}</th>
            <th scope="col">{t('admin.modelManager.disk')}</th>
            <th scope="col">{t('admin.modelManager.hash')}</th>
            <th scope="col">{t('admin.modelManager.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {inventory.models.map((m) => (
            <tr key={m.id} data-testid={`model-${m.id}`}>
              <th scope="row">{m.id}<div className="engine-detail">{m.description}</div></th>
              <td>{t(m.installed ? (m.loaded ? 'admin.modelManager.loaded' : 'admin.modelManager.installedIdle') : 'admin.modelManager.notInstalled')}</td>
              <td>{m.installed ? `${mb(m.diskBytes)} MB` : '–'}</td>
              <td>{t(`admin.modelManager.verification.${m.verification}`)}</td>
              <td>
                {m.incoming && (
                  <button type="button" disabled={busy === m.id} onClick={() => void act(m, 'install')} aria-label={t('admin.modelManager.installFor', { id: m.id })}>
                    {t('admin.modelManager.install')}
                  </button>
                )}
                {m.installed && (
                  <button type="button" className="secondary" disabled={busy === m.id} onClick={() => void act(m, 'remove')} aria-label={t('admin.modelManager.removeFor', { id: m.id })}>
                    {t('admin.modelManager.remove')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
