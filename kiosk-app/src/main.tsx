import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { registerSW } from 'virtual:pwa-register';
import { startI18n } from './i18n.ts';
import { App } from './App.tsx';
import { NAMESPACES, routeFromPath } from './routes.ts';
import './fonts/base.css';
import './styles.css';
import './print.css';

const route = routeFromPath(location.pathname);
registerSW({ immediate: true });
// Kiosk and display keep an offline outbox and their cache: ask the browser not to evict them.
if (route.name !== 'mobile') void navigator.storage?.persist?.();

void startI18n(NAMESPACES[route.name]).then((i18n) => {
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App route={route} />
      </I18nextProvider>
    </StrictMode>,
  );
});
