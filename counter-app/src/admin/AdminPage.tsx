import { useCallback, useEffect, useState, type ComponentType } from 'react';
import { useScreenFocus } from '@lotse/shared/ui';
import { useTranslation } from 'react-i18next';
import type { StaffSessionT } from '@lotse/shared';
import { DevicesSection } from './DevicesSection.tsx';
import { StaffSection } from './StaffSection.tsx';
import { ServicesSection } from './ServicesSection.tsx';
import { CountersSection } from './CountersSection.tsx';
import { HoursSection } from './HoursSection.tsx';
import { SettingsPage } from './SettingsPage.tsx';
import { AuditSection } from './AuditSection.tsx';
import { PrivacySection } from './TrustSections.tsx';
import { DeskSettingsSection } from './DeskSettingsSection.tsx';
import { BackupSection } from './BackupSection.tsx';
import { PhraseSection } from './PhraseSection.tsx';
import { IntegrationsSection } from './IntegrationsSection.tsx';
import { AppointmentsSection } from './AppointmentsSection.tsx';
import '../security.css';
import './admin.css';

/** What every admin page gets: the admin's token, and sign-out when the server no longer knows it. */
export interface AdminPageProps { token: string; onSignOut: () => void }

/**
 * The admin's pages, in navigation order. Each has a route (`#/<id>`) so it can be linked; its title is the
 * page's h1. Another helper adds a page with one import and one line here.
 */
export const ADMIN_SECTIONS: { id: string; titleKey: string; Page: ComponentType<AdminPageProps> }[] = [
  { id: 'geraete', titleKey: 'office.nav.devices', Page: DevicesSection },
  { id: 'konten', titleKey: 'office.nav.accounts', Page: ({ token }) => <StaffSection token={token} /> },
  { id: 'dienstleistungen', titleKey: 'office.nav.services', Page: ServicesSection },
  { id: 'plaetze', titleKey: 'office.nav.counters', Page: CountersSection },
  { id: 'oeffnungszeiten', titleKey: 'office.nav.hours', Page: HoursSection },
  { id: 'schalter', titleKey: 'admin.desk.title', Page: DeskSettingsSection },
  { id: 'einstellungen', titleKey: 'office.nav.settings', Page: SettingsPage },
  { id: 'protokoll', titleKey: 'office.nav.audit', Page: ({ token }) => <AuditSection token={token} /> },
  { id: 'datenschutz', titleKey: 'office.nav.privacy', Page: ({ token }) => <PrivacySection token={token} /> },
  { id: 'datensicherung', titleKey: 'admin.backup.title', Page: BackupSection },
  { id: 'textbausteine', titleKey: 'admin.phrases.title', Page: PhraseSection },
  { id: 'termine', titleKey: 'admin.appointments.title', Page: AppointmentsSection },
  { id: 'schnittstellen', titleKey: 'admin.integrations.title', Page: IntegrationsSection },
];

function sectionFromHash(): string {
  const id = location.hash.replace(/^#\/?/, '');
  return ADMIN_SECTIONS.some((s) => s.id === id) ? id : ADMIN_SECTIONS[0].id;
}

/** Administration (`/counter/admin`): a navigation of pages, one shown at a time. */
export function AdminPage({ staff, onSignOut }: { staff: StaffSessionT; onSignOut: () => void }) {
  const { t } = useTranslation('counter');
  const [current, setCurrent] = useState(sectionFromHash);
  useEffect(() => {
    const onHash = () => setCurrent(sectionFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const section = ADMIN_SECTIONS.find((s) => s.id === current) ?? ADMIN_SECTIONS[0];
  useEffect(() => {
    document.title = `${t(section.titleKey)} – ${t('admin.title')} – Lotse`;
  }, [section, t]);
  // A new page is read from its heading (its forms are not the page's point, unlike the kiosk's steps).
  const root = useCallback(() => document.querySelector<HTMLElement>('.admin-app'), []);
  useScreenFocus(section.id, root, { prefer: 'heading' });

  return (
    <div className="counter-app admin-app">
      <header className="topbar">
        <span className="brand">Lotse</span>
        <span>{t('admin.title')}</span>
        <span className="grow" />
        <span>{t('workspace.signedInAs', { name: staff.displayName })}</span>
        <button className="secondary" onClick={onSignOut}>{t('workspace.signOut')}</button>
      </header>
      <div className="admin-layout">
        <nav className="admin-nav" aria-label={t('office.nav.label')}>
          <ul>
            {ADMIN_SECTIONS.map((s) => (
              <li key={s.id}>
                <a href={`#/${s.id}`} aria-current={s.id === section.id ? 'page' : undefined}>{t(s.titleKey)}</a>
              </li>
            ))}
          </ul>
        </nav>
        <main className="admin" aria-labelledby="admin-page-title">
          <h1 id="admin-page-title">{t(section.titleKey)}</h1>
          <section.Page key={section.id} token={staff.token} onSignOut={onSignOut} />
        </main>
      </div>
    </div>
  );
}
