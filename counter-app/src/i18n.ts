import { createI18n } from '@lotse/shared/i18n';

// The clerk's side is German; the citizen's side (later) loads the ticket's language on demand.
const loaders = import.meta.glob('../../shared/src/i18n/locales/*/{common,counter,services}.json', { import: 'default' });

export const i18nReady = createI18n(loaders, ['counter', 'common', 'services']);
