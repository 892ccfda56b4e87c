import { useTranslation } from 'react-i18next';
import { pictogramFor, type ServiceT } from '@lotse/shared';

/** Services with pictograms, so a citizen who cannot read finds "passport" by its picture. */
export function ServiceScreen({ services, onChoose, onBack }: { services: ServiceT[]; onChoose: (s: ServiceT) => void; onBack: () => void }) {
  const { t } = useTranslation(['kiosk', 'services']);
  return (
    <main className="screen" aria-labelledby="service-title">
      <h1 id="service-title">{t('chooseService')}</h1>
      <ul className="service-grid" role="list">
        {services.filter((s) => s.active && s.walkIns !== false).map((s) => (
          <li key={s.id}>
            <button className="tile service" onClick={() => onChoose(s)} data-service={s.id}>
              <img src={`${import.meta.env.BASE_URL}pictograms/${s.pictogram ?? pictogramFor(s.id)}.svg`} alt="" className="pictogram" />
              <span className="service-name">{t(`services:${s.id}.name`)}</span>
              <span className="service-hint">{t(`services:${s.id}.hint`)}</span>
            </button>
          </li>
        ))}
      </ul>
      <nav className="actions">
        <button className="secondary" onClick={onBack}>{t('back')}</button>
      </nav>
    </main>
  );
}
