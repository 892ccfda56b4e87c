import { CLIENT_EVENT_SPECS, DeviceRole, type ClientEventName, type SettingsT } from '@lotse/shared';
import type { RouteAccess, RateLimits } from '../http/hardening.ts';
import type { SessionPolicy } from '../staff/service.ts';
import type { LockoutPolicy } from '../security/lockout.ts';

/**
 * The record of processing activities (GDPR Art. 30) and the facts a DPIA (Art. 35) needs, generated from the
 * running configuration. German text, English headings: the DPO signs the German, IT security reads either.
 */
export interface EngineFact { id: string; kind: string; installed: boolean; languages: string[]; pairs: string[] }

export interface PrivacyFacts {
  generatedAt: string;
  settings: SettingsT;
  routes: RouteAccess[];
  /** Tables that exist in the database right now. */
  tables: string[];
  dataKey?: { source: string; keyId: string };
  tls: { enabled: boolean; fingerprint?: string; names?: string[] };
  /** null: the speech registry is not part of this build. */
  engines: EngineFact[] | null;
  retentionTargets: string[];
  sessionPolicy: SessionPolicy;
  lockout: LockoutPolicy;
  rateLimits: RateLimits;
}

interface TableFact { purpose: string; personal: string; encrypted: string; retention: (s: SettingsT) => string }

const KEEP = () => 'Keine automatische Löschung (keine Personenbeziehung).';
export const TABLE_FACTS: Record<string, TableFact> = {
  services: { purpose: 'Dienstleistungen des Amts', personal: 'nein', encrypted: 'nein', retention: KEEP },
  counters: { purpose: 'Schalter, geöffnete Dienstleistungen', personal: 'Anzeigename der angemeldeten Sachbearbeitung (Beschäftigte), nur solange der Platz offen ist', encrypted: 'nein', retention: () => 'Name wird beim Schließen des Platzes entfernt.' },
  tickets: { purpose: 'Wartenummern: Nummer, Dienstleistung, gewählte Sprache, Zeiten, Schalter', personal: 'kein Name, keine Kontaktdaten; Sprache der Bürgerin/des Bürgers (pseudonym, nicht zuordenbar)', encrypted: 'nein', retention: (s) => `Personenbezogene Felder: heute keine; künftige werden ${s.finishedTicketPersonalFieldsDays} Tag(e) nach Abschluss geleert.` },
  day_sequences: { purpose: 'Nummernkreise je Dienstleistung und Tag', personal: 'nein', encrypted: 'nein', retention: KEEP },
  calls: { purpose: 'Aufrufe (Nummer, Schalter, Zeit) für die Anzeige', personal: 'nein', encrypted: 'nein', retention: KEEP },
  appointments: { purpose: 'Importierte Termine (Terminnummer, Dienstleistung, Zeit, Sprache)', personal: 'pseudonym (Terminnummer); kein Name', encrypted: 'nein', retention: () => 'Vom Termin-Modul festzulegen (offen).' },
  devices: { purpose: 'Gekoppelte Geräte: Name, Rolle, Token-Hash (SHA-256), zuletzt gesehen, letzte IP-Adresse', personal: 'nein (Gerätedaten im LAN)', encrypted: 'Token nur als Hash', retention: () => 'Bis zur Entkopplung; gesperrte Geräte bleiben für die Nachvollziehbarkeit.' },
  pairing_codes: { purpose: 'Einmal-Kopplungscodes (nur Hash), 10 Minuten gültig', personal: 'nein', encrypted: 'nur Hash', retention: () => 'Gelöscht 1 Tag nach Ablauf/Verwendung.' },
  staff: { purpose: 'Konten der Beschäftigten: Benutzername, Anzeigename, Rolle, Passwort-Hash (scrypt), Sperrstatus, gesprochene Sprachen (für den Aufruf nach Sprache)', personal: 'ja (Beschäftigte)', encrypted: 'Passwort nur als scrypt-Hash', retention: () => 'Bis zur Deaktivierung/Löschung durch die Verwaltung.' },
  staff_sessions: { purpose: 'Anmeldesitzungen (nur Token-Hash, Zeiten)', personal: 'ja (Beschäftigte, pseudonym)', encrypted: 'Token nur als Hash', retention: () => 'Gelöscht nach Ablauf (Leerlauf- oder Höchstdauer).' },
  settings: { purpose: 'Einstellungen', personal: 'nein', encrypted: 'nein', retention: KEEP },
  // Office configuration (issue 11): what the office offers and when; no citizen data.
  service_texts: { purpose: 'Texte der Dienstleistungen je Sprache (Name, Beschreibung, Mitzubringen, Gebühr)', personal: 'nein', encrypted: 'nein', retention: KEEP },
  display_groups: { purpose: 'Welche Aufrufanzeigen welche Plätze zeigen', personal: 'nein', encrypted: 'nein', retention: KEEP },
  opening_hours: { purpose: 'Öffnungszeiten je Wochentag', personal: 'nein', encrypted: 'nein', retention: KEEP },
  closed_days: { purpose: 'Schließtage (Feiertage) mit Bezeichnung', personal: 'nein', encrypted: 'nein', retention: KEEP },
  // Integrations (issue 17) and the phrasebook (issue 18).
  api_keys: { purpose: 'API-Schlüssel der Fachverfahren: Name, Bereiche, erlaubte Adressen, Ablauf, zuletzt benutzt (Zeit, Adresse)', personal: 'nein (Systeme im Netz des Amts)', encrypted: 'Schlüssel nur als SHA-256-Hash', retention: () => 'Bis zum Widerruf; widerrufene bleiben für die Nachvollziehbarkeit.' },
  webhook_subscriptions: { purpose: 'Webhook-Empfänger: Name, Adresse, Ereignisse, ob personenbezogene Felder erlaubt sind', personal: 'nein', encrypted: 'Signaturgeheimnis: AES-256-GCM', retention: () => 'Bis zur Löschung durch die Verwaltung.' },
  webhook_outbox: { purpose: 'Zustellungen an Webhook-Empfänger (Ereignis, Nutzlast, Versuche)', personal: 'nur wenn für den Empfänger erlaubt: Sprache, Terminnummer; nie Gesprächsinhalte', encrypted: 'nein', retention: () => 'Zugestellte nach 7 Tagen gelöscht, nicht zustellbare 30 Tage nach Ende der Wiederholungen.' },
  appointment_sources: { purpose: 'Abgerufene Terminquelle: Adresse, Abrufrhythmus, letzter Abruf und Fehler, bekannte Terminnummern', personal: 'pseudonym (Terminnummern)', encrypted: 'nein', retention: () => 'Bis zur Änderung der Quelle; Terminnummern mit dem Abgleich aktualisiert.' },
  office_phrases: { purpose: 'Textbausteine des Amts mit Übersetzungen und Prüfvermerk (Name der prüfenden Person, Datum)', personal: 'Name der prüfenden Person (Beschäftigte oder Dienstleister)', encrypted: 'nein', retention: KEEP },
  phrase_use: { purpose: 'Wie oft ein Textbaustein je Dienstleistung benutzt wurde (Sortierung der Vorschläge)', personal: 'nein', encrypted: 'nein', retention: KEEP },
  audit_log: { purpose: 'Revisionssicheres Protokoll (Hash-Kette): Anmeldungen, Kopplungen, Aufrufe, Einwilligungen, Exporte, Einstellungen, Löschläufe', personal: 'pseudonym (staff:<id>, device:<id>); keine Gesprächsinhalte, keine Namen', encrypted: 'nein (Integrität per Hash-Kette)', retention: () => 'Append-only; Aufbewahrungsfrist durch die DSB festzulegen (Empfehlung: 1 Jahr, dann Export und Archiv).' },
  conversation_sessions: { purpose: 'Gesprächssitzungen am Schalter: Schalter, Ticket, Sprachen, Einwilligungsstatus und -version, Zeiten', personal: 'pseudonym (Ticket), Einwilligungsentscheidung', encrypted: 'nein', retention: (s) => `Mit den Transkripten; aufbewahrte höchstens ${s.transcriptKeepDays} Tage.` },
  transcript_lines: { purpose: 'Transkript- und Übersetzungszeilen eines Gesprächs', personal: 'ja (Gesprächsinhalt)', encrypted: 'ja: AES-256-GCM je Feld (text_enc, translation_enc)', retention: (s) => `Ohne Einwilligung: bei Sitzungsende gelöscht. Mit Einwilligung: höchstens ${s.transcriptKeepDays} Tage.` },
  data_key_check: { purpose: 'Prüfwert des Datenschlüssels: ein fester Text, mit dem Schlüssel verschlüsselt, und die Schlüsselkennung (erkennt einen fehlenden oder falschen Schlüssel beim Start)', personal: 'nein', encrypted: 'ja: AES-256-GCM (nur der Prüftext)', retention: () => 'Solange der Schlüssel gilt; neu geschrieben, wenn unlesbare Transkripte verworfen werden.' },
  kysely_migration: { purpose: 'Schema-Version (technisch)', personal: 'nein', encrypted: 'nein', retention: KEEP },
  kysely_migration_lock: { purpose: 'Schema-Sperre (technisch)', personal: 'nein', encrypted: 'nein', retention: KEEP },
};

const DEVICE_ROLES: string[] = DeviceRole.anyOf.map((s: { const: string }) => s.const);
const cell = (v: string) => v.replaceAll('|', '\\|').replaceAll('\n', ' ');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

/** Who may send each socket event: device roles from the contract, plus whether a signed-in clerk is needed. */
export function eventMatrix(): string[][] {
  return (Object.keys(CLIENT_EVENT_SPECS) as ClientEventName[]).map((event) => {
    const spec = CLIENT_EVENT_SPECS[event];
    return [event, ...DEVICE_ROLES.map((r) => (spec.roles.includes(r as never) ? (spec.staff ? '✔ + Anmeldung' : '✔') : '–'))];
  });
}

export function routeMatrix(routes: RouteAccess[]): string[][] {
  const who = ['kiosk', 'display', 'counter', 'citizen', 'clerk', 'admin'];
  return routes
    .filter((r) => r.url.startsWith('/api/v1/'))
    .sort((a, b) => (a.url === b.url ? a.method.localeCompare(b.method) : a.url.localeCompare(b.url)))
    .map((r) => [`${r.method} ${r.url}`, ...who.map((w) => {
      if (r.access === 'public') return 'öffentlich';
      const ok = (r.access.devices ?? []).includes(w as never) || (r.access.staff ?? []).includes(w as never);
      return ok ? '✔' : '–';
    })]);
}

export function privacyReportMarkdown(f: PrivacyFacts): string {
  const s = f.settings;
  const described = f.tables.filter((t) => TABLE_FACTS[t]);
  const unknown = f.tables.filter((t) => !TABLE_FACTS[t] && !t.startsWith('sqlite_'));
  const engines = f.engines === null
    ? 'Keine Sprach-Engines in diesem Build.'
    : f.engines.length === 0 ? 'Keine Engines registriert.'
      : table(['Engine', 'Art', 'installiert', 'Sprachen/Paare'], f.engines.map((e) => [e.id, e.kind === 'asr' ? 'Spracherkennung' : 'Übersetzung', e.installed ? 'ja' : 'nein', (e.kind === 'asr' ? e.languages : e.pairs).join(', ') || '–']));
  return [
    `# Lotse – Record of processing (Art. 30 DSGVO) and DPIA facts (Art. 35)`,
    `Erzeugt aus der laufenden Konfiguration am ${f.generatedAt}.`,
    '',
    '## Purpose and legal basis / Zweck und Rechtsgrundlage',
    '- Zweck: Steuerung der Warteschlange, Aufruf am Schalter, Verständigung am Schalter durch lokale Spracherkennung und Übersetzung.',
    '- Rechtsgrundlage: Art. 6 Abs. 1 lit. e DSGVO (Aufgabe im öffentlichen Interesse); Aufbewahrung von Transkripten nur mit Einwilligung (Art. 6 Abs. 1 lit. a, Art. 7).',
    '- Betroffene: Bürgerinnen und Bürger am Schalter, Beschäftigte (Sachbearbeitung, Verwaltung).',
    '- Empfänger: keine. Alle Verarbeitung läuft auf dem Edge-Server im Amt; keine Übermittlung an Dritte oder in Drittländer, keine Cloud-Dienste.',
    '',
    '## Data stored / Gespeicherte Daten',
    table(['Tabelle', 'Zweck', 'Personenbezug', 'Verschlüsselung', 'Löschung'], described.map((t) => {
      const d = TABLE_FACTS[t];
      return [t, d.purpose, d.personal, d.encrypted, d.retention(s)];
    })),
    unknown.length ? `\n**Noch nicht beschrieben (vor Inbetriebnahme prüfen):** ${unknown.join(', ')}` : '',
    '',
    '- **Audio wird nie gespeichert**: Mikrofon-Audio wird nur im Arbeitsspeicher verarbeitet und nach der Erkennung verworfen; es wird weder auf Datenträger geschrieben noch protokolliert.',
    '- Das Protokoll (audit_log) enthält keine Gesprächsinhalte und keine Namen; die zulässigen Felder sind im Code abschließend festgelegt.',
    '',
    '## Encryption and keys / Verschlüsselung und Schlüssel',
    `- Felder mit Gesprächsinhalt: AES-256-GCM, zufälliger IV je Wert, an Zeile und Feld gebunden (AAD). Schlüssel: ${f.dataKey ? `${f.dataKey.source === 'env' ? 'Umgebungsvariable LOTSE_DATA_KEY' : f.dataKey.source === 'ephemeral' ? 'nur im Arbeitsspeicher (Testbetrieb)' : 'Schlüsseldatei lotse.key (0600) im Datenordner'}, Kennung ${f.dataKey.keyId}` : 'nicht geladen'}; nie in der Datenbank.`,
    `- Transport: ${f.tls.enabled ? `HTTPS im LAN mit lokaler CA (SHA-256 ${f.tls.fingerprint ?? '?'}); HTTP nur als Weiterleitung (außer auf dem Server selbst).` : 'HTTPS ist ausgeschaltet (LOTSE_TLS=off) – nur für Testaufbauten zulässig.'}`,
    '- Passwörter: scrypt (N=2^17, r=8, p=1); Geräte- und Sitzungstoken: 256 Bit Zufall, gespeichert nur als SHA-256.',
    '',
    '## Retention / Löschfristen',
    `- Transkripte ohne Einwilligung: bei Sitzungsende. Mit Einwilligung: ${s.transcriptKeepDays} Tage (Höchstwert 30).`,
    `- Personenbezogene Ticketfelder: ${s.finishedTicketPersonalFieldsDays} Tag(e) nach Abschluss. Metrik-Details: ${s.metricsDetailDays} Tage.`,
    `- Löschlauf alle 15 Minuten; registrierte Bereiche: ${f.retentionTargets.join(', ') || 'keine'}. Jede Löschung wird mit Anzahlen (ohne Inhalt) protokolliert.`,
    '',
    '## Speech engines / Sprach-Engines (lokal)',
    engines,
    '',
    '## Access control / Wer darf was',
    `- Anmeldung Beschäftigte: Sperre nach ${f.lockout.maxFailures} Fehlversuchen für ${f.lockout.lockMinutes} Minuten; Erstpasswort muss geändert werden; Sitzung endet nach ${f.sessionPolicy.idleMinutes} Minuten Inaktivität, spätestens nach ${f.sessionPolicy.absoluteHours} Stunden; Bildschirmsperre am Schalter nach ${s.screenLockMinutes} Minuten.`,
    `- Ratenbegrenzung: Anmeldung ${f.rateLimits.signInPerMinute}/min, Kopplung ${f.rateLimits.pairingPerMinute}/min, Ticket-Erstellung ${f.rateLimits.ticketsPerMinute}/min je Gerät/Adresse${f.rateLimits.exemptLoopback ? ' (ausgenommen Zugriffe vom Server selbst)' : ''}.`,
    '',
    '### Socket events',
    table(['Ereignis', ...DEVICE_ROLES], eventMatrix()),
    '',
    '### HTTP API',
    table(['Route', 'kiosk', 'display', 'counter', 'citizen', 'clerk', 'admin'], routeMatrix(f.routes)),
    '',
    '## Technical and organisational measures (Art. 32) / TOM',
    '- Strikte Content-Security-Policy ohne Inline-Skripte, Sicherheits-Header, Größenbegrenzung für Anfragen und Socket-Nachrichten, Ratenbegrenzung je Socket, keine Stacktraces an Clients.',
    '- Geräte werden per Einmalcode gekoppelt und können sofort gesperrt werden (Verbindungen werden innerhalb einer Sekunde getrennt).',
    '- Revisionssicheres Protokoll mit Hash-Kette; Prüfung in der Verwaltung („Kette prüfen“) oder per `npm run audit:verify`.',
    '',
  ].join('\n');
}
