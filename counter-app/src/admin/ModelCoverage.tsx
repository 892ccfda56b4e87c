import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import { findLanguage, type EngineCoverageT, type LanguageCoverageT } from '@lotse/shared';

type Direction = LanguageCoverageT['toGerman'];

/** "Sprachen und Modelle": per kiosk language recognition and translation each way, families with their licences. */
export function ModelCoverage({ token }: { token: string }) {
  const { t } = useTranslation('counter');
  const [coverage, setCoverage] = useState<EngineCoverageT>();
  useEffect(() => {
    void apiFetch<EngineCoverageT>('/api/v1/engines/coverage', { token }).then(setCoverage, () => undefined);
  }, [token]);
  if (!coverage) return null;
  const licence = (id: string) => coverage.families.find((f) => f.id === id)?.licence ?? '';
  const direction = (d: Direction, sameLanguage: boolean) => {
    if (d.engine === null) return <span className="not-available">{t(sameLanguage ? 'admin.models.sameLanguage' : 'admin.models.notAvailable')}</span>;
    return d.viaEnglish ? t('admin.models.viaEnglish', { engine: d.engine.replace(/ via English$/, '') }) : d.engine;
  };

  return (
    <section aria-labelledby="coverage-title" data-testid="admin-coverage">
      <h3 id="coverage-title">{t('admin.models.title')}</h3>
      <table className="engine-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.models.language')}</th>
            <th scope="col">{t('admin.models.recognition')}</th>
            <th scope="col">{t('admin.models.toGerman')}</th>
            <th scope="col">{t('admin.models.fromGerman')}</th>
            <th scope="col">{t('admin.models.families')}</th>
          </tr>
        </thead>
        <tbody>
          {coverage.languages.map((row) => {
            const same = row.language === 'de-simple';
            return (
              <tr key={row.language} data-testid={`coverage-${row.language}`}>
                <th scope="row">{findLanguage(row.language)?.germanName ?? row.language}</th>
                <td>
                  {row.recognition.engine ?? <span className="not-available">{t('admin.models.notAvailable')}</span>}
                  {!row.recognition.engine && row.recognition.families.length === 0 && (
                    <span className="engine-detail"> – {t(`admin.models.noRecognition.${row.language}`, { defaultValue: row.recognition.note })}</span>
                  )}
                </td>
                <td>{direction(row.toGerman, same)}</td>
                <td>{direction(row.fromGerman, same)}</td>
                <td>{row.translationFamilies.map((id) => `${id} (${licence(id)})`).join(', ') || '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>{t('admin.models.licences')}</h3>
      <dl className="model-licences">
        {coverage.families.map((f) => (
          <div key={f.id}>
            <dt>{f.name} · {f.licence} · {t(`admin.models.size.${f.id}`, { defaultValue: f.size })}</dt>
            <dd>{t(`admin.models.allows.${f.id}`, { defaultValue: f.allows })}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
