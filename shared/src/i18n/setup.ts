import i18next, { type BackendModule, type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, findLanguage } from '../languages.ts';

/** Locale files as Vite's `import.meta.glob` returns them: path → lazy JSON module. */
export type LocaleLoaders = Record<string, () => Promise<unknown>>;

function localeBackend(loaders: LocaleLoaders): BackendModule {
  const byKey = new Map<string, () => Promise<unknown>>();
  for (const [file, load] of Object.entries(loaders)) {
    const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (m) byKey.set(`${m[1]}/${m[2]}`, load);
  }
  return {
    type: 'backend',
    init() {},
    read(language, namespace, callback) {
      const load = byKey.get(`${language}/${namespace}`);
      if (!load) return callback(null, {});
      load()
        .then((mod) => callback(null, ((mod as { default?: object }).default ?? mod) as Record<string, unknown>))
        .catch((err: Error) => callback(err, false));
    },
  };
}

/**
 * One i18next instance per app; language packs load lazily so the first paint carries German only.
 * `dir` and `lang` on <html> follow the language, so the whole screen mirrors for right-to-left scripts.
 */
export async function createI18n(loaders: LocaleLoaders, namespaces: string[], language: string = DEFAULT_LANGUAGE): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance
    .use(localeBackend(loaders))
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: DEFAULT_LANGUAGE,
      ns: namespaces,
      defaultNS: namespaces[0],
      load: 'currentOnly',
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
      returnNull: false,
    });
  return instance;
}

export function applyDocumentLanguage(code: string, root: HTMLElement = document.documentElement): void {
  const lang = findLanguage(code);
  root.lang = code === 'de-simple' ? 'de' : code;
  root.dir = lang?.dir ?? 'ltr';
  root.dataset.script = lang?.script ?? 'Latn';
}
