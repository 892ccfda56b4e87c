import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import type { SettingsT } from '@lotse/shared';

const FIELDS: { key: keyof SettingsT; min: number; max: number }[] = [
  { key: 'screenLockMinutes', min: 1, max: 60 },
  { key: 'transcriptKeepDays', min: 0, max: 30 },
  { key: 'finishedTicketPersonalFieldsDays', min: 0, max: 30 },
  { key: 'metricsDetailDays', min: 1, max: 400 },
];

/** Screen lock and retention settings; every change is audited with the names of the changed settings. */
export function SettingsSection({ token }: { token: string }) {
  const { t } = useTranslation(['counter', 'common']);
  const [settings, setSettings] = useState<SettingsT>();
  const [status, setStatus] = useState<string>();
  useEffect(() => void apiFetch<SettingsT>('/api/v1/settings', { token }).then(setSettings, () => undefined), [token]);
  if (!settings) return null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setSettings(await apiFetch<SettingsT>('/api/v1/settings', { token, body: settings }));
      setStatus(t('security.saved'));
    } catch {
      setStatus(t('common:errors.generic'));
    }
  };
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('security.settingsTitle')}</h2>
      <form onSubmit={(e) => void save(e)} className="stack">
        {FIELDS.map(({ key, min, max }) => (
          <label key={key}>
            {t(`security.${key}`)}
            <input type="number" name={key} min={min} max={max} step={1} required value={settings[key]}
              onChange={(e) => setSettings({ ...settings, [key]: Math.trunc(Number(e.target.value)) })} />
          </label>
        ))}
        <button type="submit">{t('security.saveSettings')}</button>
      </form>
      {status && <p role="status">{status}</p>}
    </section>
  );
}
