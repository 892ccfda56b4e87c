import '../conversation/phrases/phrases.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import { LANGUAGE_CODES, LANGUAGES } from '@lotse/shared';
import { PHRASE_GROUPS, foldGerman, type PhraseRecordT } from '@lotse/shared/phrasebook';
import type { AdminPageProps } from './AdminPage.tsx';
import { PhraseEditor } from './PhraseEditor.tsx';

type Listed = PhraseRecordT & { origin: 'shipped' | 'office'; changed: boolean };
/** The list's own fields are not part of the phrase (the server refuses unknown fields). */
const withoutListing = ({ origin: _o, changed: _c, ...record }: Listed): PhraseRecordT => record;
const BLANK: PhraseRecordT = { id: 'greeting-', group: 'greeting', direction: 'clerk', text: { de: '' }, reviews: {} };

/** "Textbausteine": the office's phrasebook, review status per phrase, CSV out to and back from an agency. */
export function PhraseSection({ token }: AdminPageProps) {
  const { t } = useTranslation('counter');
  const [data, setData] = useState<{ phrases: Listed[]; hidden: string[] }>();
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<{ record: PhraseRecordT; isNew: boolean }>();
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string }>();
  const [xliffLanguage, setXliffLanguage] = useState('ar');
  const load = useCallback(() => void apiFetch<{ phrases: Listed[]; hidden: string[] }>('/api/v1/phrasebook', { token }).then(setData, () => undefined), [token]);
  useEffect(load, [load]);
  const shown = useMemo(() => {
    const q = foldGerman(query.trim());
    return (data?.phrases ?? []).filter((p) => !q || foldGerman(`${p.id} ${p.text.de}`).includes(q));
  }, [data, query]);
  const act = async (run: () => Promise<unknown>, ok: string) => {
    setMessage(undefined);
    try {
      await run();
      setMessage({ kind: 'status', text: ok });
      load();
    } catch (err) {
      setMessage({ kind: 'alert', text: err instanceof Error ? err.message : String(err) });
    }
  };
  const download = (path: string, name: string) => act(async () => {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
  }, t('admin.phrases.exported'));
  const exportCsv = () => download('/api/v1/phrasebook/export.csv', 'textbausteine.csv');
  const upload = (path: string, type: string, file: File) => act(async () => {
    const res = await fetch(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: await file.text() });
    const body = (await res.json()) as { saved?: number; unchanged?: number; error?: { message: string } };
    if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
    setMessage({ kind: 'status', text: t('admin.phrases.imported', { saved: body.saved, unchanged: body.unchanged }) });
  }, t('admin.phrases.importedShort'));
  const importCsv = (file: File) => upload('/api/v1/phrasebook/import.csv', 'text/csv', file);

  if (editing) {
    return (
      <PhraseEditor record={editing.record} isNew={editing.isNew} onCancel={() => setEditing(undefined)}
        onSave={async (r) => {
          await apiFetch(`/api/v1/phrasebook/phrases/${encodeURIComponent(r.id)}`, { token, method: 'PUT', body: r });
          setEditing(undefined);
          setMessage({ kind: 'status', text: t('admin.phrases.saved') });
          load();
        }} />
    );
  }
  const groupTitle = (id: string) => PHRASE_GROUPS.find((g) => g.id === id)?.title.de ?? id;
  return (
    <section aria-label={t('admin.phrases.title')} data-testid="admin-phrases">
      <p>{t('admin.phrases.intro')}</p>
      <div className="actions">
        <button type="button" onClick={() => setEditing({ record: BLANK, isNew: true })}>{t('admin.phrases.new')}</button>
        <button type="button" className="secondary" onClick={() => void exportCsv()}>{t('admin.phrases.export')}</button>
        <label className="button secondary">{t('admin.phrases.import')}<input type="file" accept=".csv,text/csv" className="visually-hidden" onChange={(e) => e.target.files?.[0] && void importCsv(e.target.files[0])} /></label>
      </div>
      <div className="actions">
        <label>{t('admin.phrases.xliffLanguage')}<select value={xliffLanguage} onChange={(e) => setXliffLanguage(e.target.value)}>{LANGUAGES.filter((l) => l.code !== 'de').map((l) => <option key={l.code} value={l.code}>{l.germanName}</option>)}</select></label>
        <button type="button" className="secondary" onClick={() => void download(`/api/v1/phrasebook/export.xlf?language=${xliffLanguage}`, `textbausteine-${xliffLanguage}.xlf`)}>{t('admin.phrases.xliffExport')}</button>
        <label className="button secondary">{t('admin.phrases.xliffImport')}<input type="file" accept=".xlf,.xliff,.xml" className="visually-hidden" onChange={(e) => e.target.files?.[0] && void upload('/api/v1/phrasebook/import.xlf', 'application/xliff+xml', e.target.files[0])} /></label>
      </div>
      {message && <p role={message.kind} className={message.kind === 'alert' ? 'error' : 'notice'}>{message.text}</p>}
      <label htmlFor="phrase-admin-search">{t('admin.phrases.search')}</label>
      <input id="phrase-admin-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      <table className="phrase-table">
        <thead><tr><th scope="col">{t('admin.phrases.group')}</th><th scope="col">{t('admin.phrases.text')}</th><th scope="col">{t('admin.phrases.status')}</th><th scope="col">{t('admin.phrases.origin')}</th><th scope="col"><span className="visually-hidden">{t('admin.phrases.actions')}</span></th></tr></thead>
        <tbody>
          {shown.map((p) => {
            const reviewed = Object.keys(p.reviews).length;
            const languages = LANGUAGE_CODES.filter((c) => (p.text as Record<string, string | undefined>)[c]).length;
            return (
              <tr key={p.id}>
                <td>{groupTitle(p.group)}</td>
                <td>{p.text.de}</td>
                <td>{t('admin.phrases.reviewCount', { reviewed, languages, all: LANGUAGE_CODES.length - 1 })}</td>
                <td>{p.origin === 'office' ? t('admin.phrases.office') : p.changed ? t('admin.phrases.changed') : t('admin.phrases.shipped')}</td>
                <td className="actions">
                  <button type="button" className="secondary" onClick={() => setEditing({ record: withoutListing(p), isNew: false })}>{t('admin.phrases.edit')}</button>
                  {p.changed && <button type="button" className="secondary" onClick={() => void act(() => apiFetch(`/api/v1/phrasebook/phrases/${p.id}/restore`, { token, method: 'POST' }), t('admin.phrases.restored'))}>{t('admin.phrases.restore')}</button>}
                  <button type="button" className="danger" onClick={() => void act(() => apiFetch(`/api/v1/phrasebook/phrases/${p.id}`, { token, method: 'DELETE' }), t('admin.phrases.removed'))}>{p.origin === 'shipped' ? t('admin.phrases.hide') : t('admin.phrases.delete')}</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {data && data.hidden.length > 0 && (
        <p>{t('admin.phrases.hiddenList')} {data.hidden.map((id) => (
          <button key={id} type="button" className="link" onClick={() => void act(() => apiFetch(`/api/v1/phrasebook/phrases/${id}/restore`, { token, method: 'POST' }), t('admin.phrases.restored'))}>{id}</button>
        ))}</p>
      )}
    </section>
  );
}
