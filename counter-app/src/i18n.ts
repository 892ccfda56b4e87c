import { createI18n } from '@lotse/shared/i18n';

// The clerk's side is German; the citizen's side loads the ticket's language on demand (see citizen/useCitizenT.ts).
const loaders = import.meta.glob('../../shared/src/i18n/locales/*/{common,counter,services,citizen}.json', { import: 'default' });

export const i18nReady = createI18n(loaders, ['counter', 'common', 'services', 'citizen']);
