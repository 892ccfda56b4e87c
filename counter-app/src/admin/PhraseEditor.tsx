import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '@lotse/shared';
import { PHRASE_GROUP_IDS, SLOT_TYPES, fromRecord, phraseProblems, type PhraseRecordT } from '@lotse/shared/phrasebook';

interface Props {
  record: PhraseRecordT;
  isNew: boolean;
  onSave: (r: PhraseRecordT) => Promise<void>;
  onCancel: () => void;
}

type Text = Record<string, string | undefined>;
type Reviews = Record<string, { reviewer: string; date: string } | undefined>;

/** One phrase: its slots and every language side by side with the German, each with its review (reviewer, date). */
export function PhraseEditor({ record, isNew, onSave, onCancel }: Props) {
  const { t } = useTranslation('counter');
  const [r, setR] = useState<PhraseRecordT>(record);
  const [slotsText, setSlotsText] = useState(Object.entries(record.slots ?? {}).map(([n, ty]) => `${n}:${ty}`).join(' '));
  const [error, setError] = useState<string>();
  const text = r.text as Text;
  const reviews = r.reviews as Reviews;
  const slots = Object.fromEntries(slotsText.split(/\s+/).filter(Boolean).map((p) => p.split(':')).filter(([n, ty]) => n && (SLOT_TYPES as readonly string[]).includes(ty)));
  const candidate = { ...r, ...(Object.keys(slots).length ? { slots } : { slots: undefined }) } as PhraseRecordT;
  const problems = r.text.de ? phraseProblems(fromRecord(candidate), false) : [t('admin.phrases.needsGerman')];
  const setText = (code: string, v: string) => setR({ ...r, text: { ...text, [code]: v || undefined } as PhraseRecordT['text'] });
  const setReview = (code: string, field: 'reviewer' | 'date', v: string) => {
    const cur = reviews[code] ?? { reviewer: '', date: '' };
    const next = { ...cur, [field]: v };
    setR({ ...r, reviews: { ...reviews, [code]: next.reviewer || next.date ? next : undefined } as PhraseRecordT['reviews'] });
  };
  const save = async () => {
    setError(undefined);
    const clean = { ...candidate, reviews: Object.fromEntries(Object.entries(reviews).filter(([, v]) => v && v.reviewer && v.date)) } as PhraseRecordT;
    if (!candidate.slots) delete (clean as { slots?: unknown }).slots;
    try {
      await onSave(clean);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section className="phrase-editor" aria-labelledby="phrase-editor-title" data-testid="phrase-editor">
      <h2 id="phrase-editor-title">{isNew ? t('admin.phrases.new') : r.id}</h2>
      <div className="phrase-meta">
        {isNew && <label>{t('admin.phrases.id')}<input value={r.id} onChange={(e) => setR({ ...r, id: e.target.value.trim() })} pattern="[a-z0-9-]+" /></label>}
        <label>{t('admin.phrases.group')}<select value={r.group} onChange={(e) => setR({ ...r, group: e.target.value as PhraseRecordT['group'] })}>{PHRASE_GROUP_IDS.map((g) => <option key={g} value={g}>{g}</option>)}</select></label>
        <label>{t('admin.phrases.direction')}<select value={r.direction} onChange={(e) => setR({ ...r, direction: e.target.value as PhraseRecordT['direction'] })}><option value="clerk">{t('admin.phrases.byClerk')}</option><option value="citizen">{t('admin.phrases.byCitizen')}</option></select></label>
        <label>{t('admin.phrases.slots')}<input value={slotsText} onChange={(e) => setSlotsText(e.target.value)} placeholder="date:date time:time" aria-describedby="slots-help" /></label>
        <p id="slots-help" className="hint">{t('admin.phrases.slotsHelp', { types: SLOT_TYPES.join(', ') })}</p>
      </div>
      <table className="phrase-languages">
        <thead><tr><th scope="col">{t('admin.phrases.language')}</th><th scope="col">{t('admin.phrases.text')}</th><th scope="col">{t('admin.phrases.reviewer')}</th><th scope="col">{t('admin.phrases.reviewedOn')}</th></tr></thead>
        <tbody>
          {LANGUAGES.map((l) => (
            <tr key={l.code}>
              <th scope="row">{l.germanName}</th>
              <td><textarea aria-label={`${t('admin.phrases.text')} ${l.germanName}`} lang={l.code === 'de-simple' ? 'de' : l.code} dir={l.dir} rows={2} value={text[l.code] ?? ''} onChange={(e) => setText(l.code, e.target.value)} /></td>
              <td>{l.code !== 'de' && <input aria-label={`${t('admin.phrases.reviewer')} ${l.germanName}`} value={reviews[l.code]?.reviewer ?? ''} onChange={(e) => setReview(l.code, 'reviewer', e.target.value)} />}</td>
              <td>{l.code !== 'de' && <input type="date" aria-label={`${t('admin.phrases.reviewedOn')} ${l.germanName}`} value={reviews[l.code]?.date ?? ''} onChange={(e) => setReview(l.code, 'date', e.target.value)} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems.length > 0 && <ul className="warnings" role="status">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="actions">
        <button type="button" onClick={() => void save()} disabled={problems.length > 0}>{t('admin.phrases.save')}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t('admin.phrases.cancel')}</button>
      </div>
    </section>
  );
}
