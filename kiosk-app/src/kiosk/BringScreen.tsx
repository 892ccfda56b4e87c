import { useTranslation } from 'react-i18next';
import { pictogramFor, type ServiceT } from '@lotse/shared';

/** What to bring for the chosen service, and its fee, before the ticket is drawn. */
export function BringList({ serviceId, headingLevel = 2, title }: { serviceId: string; headingLevel?: 1 | 2; title?: string }) {
  const { t } = useTranslation(['kiosk', 'services']);
  const items = t(`services:${serviceId}.bring`, { returnObjects: true, defaultValue: [] });
  const list = Array.isArray(items) ? items.filter((i): i is string => typeof i === 'string') : [];
  const fee = t(`services:${serviceId}.fee`, { defaultValue: '' });
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section className="bring" aria-labelledby={`bring-title-${serviceId}`}>
      <Heading id={`bring-title-${serviceId}`}>{title ?? t('bring.title')}</Heading>
      <ul className="bring-list">
        {list.map((item) => <li key={item}>{item}</li>)}
      </ul>
      {fee && <p className="fee">{t('bring.fee', { fee })}</p>}
    </section>
  );
}

export function BringScreen({ service, onContinue, onBack }: { service: ServiceT; onContinue: () => void; onBack: () => void }) {
  const { t } = useTranslation(['kiosk', 'services']);
  return (
    <main className="screen" aria-labelledby="bring-service">
      <div className="bring-head">
        <img src={`${import.meta.env.BASE_URL}pictograms/${service.pictogram ?? pictogramFor(service.id)}.svg`} alt="" className="pictogram" />
        <p id="bring-service" className="service-name">{t(`services:${service.id}.name`)}</p>
      </div>
      <BringList serviceId={service.id} headingLevel={1} />
      <nav className="actions">
        <button className="secondary" onClick={onBack}>{t('back')}</button>
        <button onClick={onContinue} data-testid="bring-continue">{t('bring.continue')}</button>
      </nav>
    </main>
  );
}
