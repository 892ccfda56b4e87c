import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { LANGUAGE_CODES, DEFAULT_LANGUAGE } from '../languages.ts';
import type { ServiceT } from '../schemas/queue.ts';
import { C2S, S2C } from '../protocol/events.ts';
import type { LotseConnection } from '../client/connection.ts';
import { apiFetch } from '../client/api.ts';

/**
 * Puts the office's service texts (issue 11: edited by the admin, stored on the server) in place of the shipped
 * `services` resources, for every language, so every `t('services:<id>.name')` shows them. A field left empty
 * in a language is left out, so i18next falls back to German until the translation exists. A server that sends
 * no texts (older than issue 11) leaves the shipped resources alone.
 */
export function installServiceTexts(i18n: I18n, services: readonly ServiceT[]): void {
  if (!services.some((s) => s.texts?.[DEFAULT_LANGUAGE])) return;
  for (const code of LANGUAGE_CODES) {
    const bundle: Record<string, Record<string, unknown>> = {};
    for (const s of services) {
      const text = s.texts?.[code];
      if (!text) continue;
      const entry: Record<string, unknown> = {};
      if (text.name) entry.name = text.name;
      if (text.description) entry.hint = text.description;
      if (text.bring.length) entry.bring = text.bring;
      if (text.fee) entry.fee = text.fee;
      bundle[s.id] = entry;
    }
    i18n.removeResourceBundle(code, 'services');
    i18n.addResourceBundle(code, 'services', bundle, false, true);
  }
}

/**
 * The office's services for a paired device: listed once online, replaced whenever the admin changes them
 * (`services:updated`, no reload), their texts installed into i18n before the screen re-renders with them.
 */
export function useOfficeServices(connection: LotseConnection | undefined, online: boolean, initial: () => ServiceT[] = () => [], onChange?: (list: ServiceT[]) => void): ServiceT[] {
  const { i18n } = useTranslation();
  const [services, setServices] = useState<ServiceT[]>(() => {
    const list = initial();
    installServiceTexts(i18n, list);
    return list;
  });
  useEffect(() => {
    if (!connection) return;
    const take = (list: ServiceT[]) => {
      installServiceTexts(i18n, list);
      setServices(list);
      onChange?.(list);
    };
    connection.socket.on(S2C.servicesUpdated, take);
    if (online) void connection.request(C2S.servicesList, {}).then(take).catch(() => undefined);
    return () => void connection.socket.off(S2C.servicesUpdated, take);
    // onChange is a side channel (a cache): a new function each render must not refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection, online, i18n]);
  return services;
}

/** For pages without a paired device (the phone's ticket page): the public list, texts installed. */
export function useOfficeServiceTexts(): number {
  const { i18n } = useTranslation();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void apiFetch<ServiceT[]>('/api/v1/office/service-texts').then((list) => {
      if (!live) return;
      installServiceTexts(i18n, list);
      setVersion((v) => v + 1);
    }, () => undefined);
    return () => {
      live = false;
    };
  }, [i18n]);
  return version;
}
