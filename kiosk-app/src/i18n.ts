import { createI18n } from '@lotse/shared/i18n';

// Each language pack is its own chunk: a kiosk loads German first and the chosen language on demand.
const loaders = import.meta.glob('../../shared/src/i18n/locales/*/{common,kiosk,display,services,mobile}.json', { import: 'default' });

export const startI18n = (namespaces: string[]) => createI18n(loaders, namespaces);
