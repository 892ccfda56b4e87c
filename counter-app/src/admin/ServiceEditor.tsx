import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, PICTOGRAMS, type ServiceInputT, type ServiceTextT } from '@lotse/shared';

const EMPTY_TEXT: ServiceTextT = { name: '', description: '', bring: [], fee: '' };
export const NEW_SERVICE: ServiceInputT = {
  letter: 'G', pictogram: 'generic', durationMinutes: 10, walkIns: true, appointments: true, dailyCapacity: null, stopMinutesBeforeClose: null,
  texts: { de: EMPTY_TEXT },
};
const OTHER_LANGUAGES = LANGUAGES.filter((l) => l.code !== 'de');

/** One language's texts: name, description, what to bring (one per line), fee. */
function TextFields({ code, text, onChange, required }: { code: string; text: ServiceTextT; onChange: (t: ServiceTextT) => void; required?: boolean }) {
  const { t } = useTranslation('counter');
  const lang = LANGUAGES.find((l) => l.code === code);
  const dir = lang?.dir ?? 'ltr';
  const label = (key: string) => `${t(`office.services.${key}`)} (${lang?.germanName ?? code})`;
  return (
    <fieldset lang={code === 'de-simple' ? 'de' : code} dir={dir}>
      <legend dir="ltr" lang="de">{lang?.germanName ?? code}{lang && lang.nativeName !== lang.germanName && ` · ${lang.nativeName}`}</legend>
      <label className="field">{label('name')}<input value={text.name} required={required} maxLength={120} onChange={(e) => onChange({ ...text, name: e.target.value })} /></label>
      <label className="field">{label('description')}<input value={text.description} maxLength={300} onChange={(e) => onChange({ ...text, description: e.target.value })} /></label>
      <label className="field">{label('bring')}
        <textarea value={text.bring.join('\n')} onChange={(e) => onChange({ ...text, bring: e.target.value.split('\n').slice(0, 12) })} />
      </label>
      <label className="field">{label('fee')}<input value={text.fee} maxLength={200} onChange={(e) => onChange({ ...text, fee: e.target.value })} /></label>
    </fieldset>
  );
}

/** Create or edit a service: German required, one other language beside it, and which translations are missing. */
export function ServiceEditor({ initial, title, onSave, onCancel }: { initial: ServiceInputT; title: string; onSave: (input: ServiceInputT) => void; onCancel: () => void }) {
  const { t } = useTranslation('counter');
  const [input, setInput] = useState<ServiceInputT>(initial);
  const missing = OTHER_LANGUAGES.filter((l) => !input.texts[l.code]?.name.trim());
  const [other, setOther] = useState<string>(missing[0]?.code ?? 'en');
  const text = (code: string) => input.texts[code] ?? EMPTY_TEXT;
  const setText = (code: string, value: ServiceTextT) => setInput({ ...input, texts: { ...input.texts, [code]: value } });
  const num = (v: string) => (v.trim() === '' ? null : Math.max(0, Math.trunc(Number(v))));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const texts = Object.fromEntries(Object.entries(input.texts).map(([k, v]) => [k, { ...v, bring: v.bring.map((b) => b.trim()).filter(Boolean) }]));
    onSave({ ...input, texts });
  };
  return (
    <form onSubmit={submit} className="stack" aria-labelledby="service-editor-title">
      <h2 id="service-editor-title">{title}</h2>
      <div className="grid2">
        <label className="field">{t('office.services.letter')}
          <input value={input.letter} required pattern="[A-Z]" maxLength={1} onChange={(e) => setInput({ ...input, letter: e.target.value.toUpperCase() })} />
        </label>
        <label className="field">{t('office.services.duration')}
          <input type="number" min={1} max={480} required value={input.durationMinutes} onChange={(e) => setInput({ ...input, durationMinutes: Math.max(1, Math.trunc(Number(e.target.value))) })} />
        </label>
        <label className="field">{t('office.services.capacity')}
          <input type="number" min={0} max={10000} value={input.dailyCapacity ?? ''} placeholder={t('office.services.noLimit')} onChange={(e) => setInput({ ...input, dailyCapacity: num(e.target.value) })} />
        </label>
        <label className="field">{t('office.services.stopBefore')}
          <input type="number" min={0} max={600} value={input.stopMinutesBeforeClose ?? ''} placeholder={t('office.services.untilClosing')} onChange={(e) => setInput({ ...input, stopMinutesBeforeClose: num(e.target.value) })} />
        </label>
        <label className="check"><input type="checkbox" checked={input.walkIns} onChange={(e) => setInput({ ...input, walkIns: e.target.checked })} />{t('office.services.walkIns')}</label>
        <label className="check"><input type="checkbox" checked={input.appointments} onChange={(e) => setInput({ ...input, appointments: e.target.checked })} />{t('office.services.appointments')}</label>
      </div>
      <fieldset className="pictos">
        <legend>{t('office.services.pictogram')}</legend>
        {PICTOGRAMS.map((p) => (
          <label key={p}>
            <input type="radio" name="pictogram" value={p} checked={input.pictogram === p} onChange={() => setInput({ ...input, pictogram: p })} />
            <img src={`${import.meta.env.BASE_URL}pictograms/${p}.svg`} alt="" />
            <span>{t(`office.pictograms.${p}`)}</span>
          </label>
        ))}
      </fieldset>
      <label className="field">{t('office.services.translationLanguage')}
        <select value={other} onChange={(e) => setOther(e.target.value)}>
          {OTHER_LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>{l.germanName}{input.texts[l.code]?.name.trim() ? '' : ` – ${t('office.services.missing')}`}</option>
          ))}
        </select>
      </label>
      <div className="texts">
        <TextFields code="de" text={text('de')} required onChange={(v) => setText('de', v)} />
        <TextFields code={other} text={text(other)} onChange={(v) => setText(other, v)} />
      </div>
      <p className={missing.length ? 'missing' : 'muted'} data-testid="missing-translations">
        {missing.length ? t('office.services.missingList', { count: missing.length, languages: missing.map((l) => l.germanName).join(', ') }) : t('office.services.allTranslated')}
      </p>
      <div className="actions">
        <button type="submit">{t('office.save')}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t('office.cancel')}</button>
      </div>
    </form>
  );
}
