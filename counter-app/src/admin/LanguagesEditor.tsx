import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type StaffAccountT } from '@lotse/shared';

/** The languages an account's holder speaks, from the catalogue (calling by language uses them). */
export function LanguagesEditor({ account, onSave, onCancel }: { account: StaffAccountT; onSave: (languages: string[]) => void; onCancel: () => void }) {
  const { t } = useTranslation('counter');
  const [chosen, setChosen] = useState<string[]>(account.languages ?? []);
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSave(chosen); }} className="stack">
      <fieldset>
        <legend>{t('office.staff.languagesOf', { name: account.displayName })}</legend>
        <div className="grid2">
          {LANGUAGES.filter((l) => l.code !== 'de-simple').map((l) => (
            <label key={l.code} className="check">
              <input type="checkbox" checked={chosen.includes(l.code)} onChange={(e) => setChosen(e.target.checked ? [...chosen, l.code] : chosen.filter((c) => c !== l.code))} />
              {l.germanName}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="actions"><button type="submit">{t('office.save')}</button><button type="button" className="secondary" onClick={onCancel}>{t('office.cancel')}</button></div>
    </form>
  );
}
