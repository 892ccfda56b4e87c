import type { AdminPageProps } from './AdminPage.tsx';
import { IntegrationsApiKeys } from './IntegrationsApiKeys.tsx';
import { IntegrationsWebhooks } from './IntegrationsWebhooks.tsx';
import './integrations.css';

/** "Schnittstellen" (issue 17): API keys for the office's systems, webhooks and their dead-letter list. */
export function IntegrationsSection({ token, onSignOut }: AdminPageProps) {
  return (
    <div className="stack">
      <IntegrationsApiKeys token={token} onSignOut={onSignOut} />
      <IntegrationsWebhooks token={token} onSignOut={onSignOut} />
    </div>
  );
}
