import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '@lotse/shared/client';
import { SettingsSection } from './SettingsSection.tsx';
import { EngineSection } from './EngineSection.tsx';
import { TlsSection } from './TrustSections.tsx';
import type { AdminPageProps } from './AdminPage.tsx';

interface PublicUrl { publicUrl: string | null; phoneReaches: string; source: 'env' | 'setting' | 'kiosk' }

/** What a phone opens from the ticket's QR code (LOTSE_PUBLIC_URL), said plainly so the admin can check it. */
function PublicUrlSection({ token }: { token: string }) {
  const { t } = useTranslation('counter');
  const [info, setInfo] = useState<PublicUrl>();
  useEffect(() => void apiFetch<PublicUrl>('/api/v1/office/public-url', { token }).then(setInfo, () => undefined), [token]);
  if (!info) return null;
  return (
    <section aria-labelledby="public-url-title">
      <h2 id="public-url-title">{t('office.publicUrl.title')}</h2>
      {info.publicUrl
        ? <p data-testid="public-url">{t('office.publicUrl.reaches')} <code>{info.phoneReaches}</code> ({t(`office.publicUrl.source.${info.source}`)})</p>
        : <p className="warn" data-testid="public-url">{t('office.publicUrl.unset')}</p>}
      <p className="muted">{t('office.publicUrl.help')}</p>
    </section>
  );
}

/** "Einstellungen": screen lock and retention, the phones' address, speech engines, HTTPS. */
export function SettingsPage({ token }: AdminPageProps) {
  return (
    <>
      <SettingsSection token={token} />
      <PublicUrlSection token={token} />
      <EngineSection token={token} />
      <TlsSection token={token} />
    </>
  );
}
