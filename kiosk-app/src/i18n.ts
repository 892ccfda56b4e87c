import { createI18n } from '@lotse/shared/i18n';

// Each language pack is its own chunk: a kiosk loads German first and the chosen language on demand.
const loaders = import.meta.glob('../../shared/src/i18n/locales/*/{common,kiosk,display,services}.json', { import: 'default' });

export const i18nReady = createI18n(loaders, ['kiosk', 'common', 'display', 'services']);
