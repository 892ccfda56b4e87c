import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, ApiClientError } from '@lotse/shared/client';
import type { ClerkSettingsT } from '@lotse/shared';
import type { AdminPageProps } from './AdminPage.tsx';
import { useAction } from './useAdminApi.ts';

type Outcome = ClerkSettingsT['outcomes'][number];

/** A code the server accepts, made from the German label ("Unterlagen fehlen" → "unterlagen-fehlen"). */
function codeFor(label: string, taken: readonly string[]): string {
  const base = label.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').replace(/^[^a-z]+/, '').slice(0, 36) || 'ergebnis';
  let code = base;
  for (let n = 2; taken.includes(code); n++) code = `${base}-${n}`;
  return code;
}

/** "Schalter": the no-show window, the outcomes a clerk records, and calling by language (GET/POST /clerk-settings). */
export function DeskSettingsSection({ token, onSignOut }: AdminPageProps) {
  const { t } = useTranslation('counter');
  const [settings, setSettings] = useState<ClerkSettingsT>();
  const [newOutcome, setNewOutcome] = useState('');
  const action = useAction();
  useEffect(() => {
    apiFetch<ClerkSettingsT>('/api/v1/clerk-settings', { token }).then(setSettings, (err: unknown) => {
      if (err instanceof ApiClientError && err.code === 'UNAUTHENTICATED') onSignOut();
    });
  }, [token, onSignOut]);
  if (!settings) return <p role="status">{t('admin.desk.loading')}</p>;

  const change = (patch: Partial<ClerkSettingsT>) => setSettings({ ...settings, ...patch });
  const setOutcome = (at: number, label: string) => change({ outcomes: settings.outcomes.map((o, i) => (i === at ? { ...o, label } : o)) });
  const move = (at: number, by: number) => {
    const list = [...settings.outcomes];
    const [item] = list.splice(at, 1);
    list.splice(at + by, 0, item);
    change({ outcomes: list });
  };
  const add = () => {
    const label = newOutcome.trim();
    if (!label) return;
    const outcome: Outcome = { code: codeFor(label, settings.outcomes.map((o) => o.code)), label };
    change({ outcomes: [...settings.outcomes, outcome] });
    setNewOutcome('');
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => setSettings(await apiFetch<ClerkSettingsT>('/api/v1/clerk-settings', { token, body: settings })), t('admin.desk.saved'));
  };

  return (
    <form onSubmit={save} className="stack" data-testid="admin-desk-settings">
      <section aria-labelledby="desk-noshow-title">
        <h2 id="desk-noshow-title">{t('admin.desk.noShowTitle')}</h2>
        <label htmlFor="desk-noshow">{t('admin.desk.noShowMinutes')}</label>
        <input id="desk-noshow" type="number" min={0} max={240} value={settings.noShowRecallMinutes}
          onChange={(e) => change({ noShowRecallMinutes: Math.max(0, Math.min(240, Number(e.target.value) || 0)) })} />
        <p className="hint">{t('admin.desk.noShowHint')}</p>
      </section>
      <section aria-labelledby="desk-outcomes-title">
        <h2 id="desk-outcomes-title">{t('admin.desk.outcomesTitle')}</h2>
        <p className="hint">{t('admin.desk.outcomesHint')}</p>
        <ol className="outcome-list">
          {settings.outcomes.map((o, i) => (
            <li key={o.code} className="row">
              <input aria-label={t('admin.desk.outcomeLabel', { n: i + 1 })} value={o.label} maxLength={60} required onChange={(e) => setOutcome(i, e.target.value)} />
              <button type="button" className="secondary" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('admin.desk.up', { label: o.label })}>↑</button>
              <button type="button" className="secondary" disabled={i === settings.outcomes.length - 1} onClick={() => move(i, 1)} aria-label={t('admin.desk.down', { label: o.label })}>↓</button>
              <button type="button" className="secondary" disabled={settings.outcomes.length === 1}
                onClick={() => change({ outcomes: settings.outcomes.filter((_, j) => j !== i) })}>{t('admin.desk.remove', { label: o.label })}</button>
            </li>
          ))}
        </ol>
        <div className="row">
          <label htmlFor="desk-new-outcome">{t('admin.desk.newOutcome')}</label>
          <input id="desk-new-outcome" value={newOutcome} maxLength={60} onChange={(e) => setNewOutcome(e.target.value)} />
          <button type="button" className="secondary" onClick={add} disabled={settings.outcomes.length >= 20}>{t('admin.desk.add')}</button>
        </div>
      </section>
      <section aria-labelledby="desk-language-title">
        <h2 id="desk-language-title">{t('admin.desk.languageTitle')}</h2>
        <label className="check">
          <input type="checkbox" checked={settings.preferClerkLanguages} onChange={(e) => change({ preferClerkLanguages: e.target.checked })} />
          {t('admin.desk.prefer')}
        </label>
        <label htmlFor="desk-fairness">{t('admin.desk.fairness')}</label>
        <input id="desk-fairness" type="number" min={0} max={120} value={settings.languageFairnessMinutes} disabled={!settings.preferClerkLanguages}
          onChange={(e) => change({ languageFairnessMinutes: Math.max(0, Math.min(120, Number(e.target.value) || 0)) })} />
        <p className="hint">{t('admin.desk.fairnessHint')}</p>
      </section>
      <div>
        <button type="submit">{t('admin.desk.save')}</button>
        {action.status && <p className="status" role="status">{action.status}</p>}
        {action.error && <p role="alert" className="error">{action.error}</p>}
      </div>
    </form>
  );
}
