/**
 * Every table of the app, as the migrations in `migrations/` leave it (the number after a column says which
 * migration added it). Dates are ISO-8601 strings so SQLite and PostgreSQL read the same.
 */
export interface ServicesTable {
  id: string; letter: string; name: string; active: number; sort: number;
  /** Office configuration (0500); null in rows made before it: the defaults of catalogue/repository.ts. */
  pictogram: string | null; duration_minutes: number | null; walk_ins: number | null; appointments: number | null;
  daily_capacity: number | null; stop_minutes_before_close: number | null;
}
/** A service's citizen texts per language (0500); `bring` is a JSON array of strings. */
export interface ServiceTextsTable { service_id: string; language: string; name: string; description: string; bring: string; fee: string }
export interface CountersTable {
  id: string; name: string; service_ids: string; clerk: string | null; current_ticket_id: string | null;
  /** 0500: spoken on the display (null: the name), retired flag, services it serves by default (JSON ids). */
  spoken_name: string | null; active: number | null; default_service_ids: string | null;
  /** JSON language codes the signed-in clerk speaks (0551; set when the counter opens). */
  clerk_languages: string | null;
}
/** Which displays show which counters (0500; JSON id lists). */
export interface DisplayGroupsTable { id: string; name: string; counter_ids: string; device_ids: string }
/** 0500: weekday 1 (Monday) … 7; null times: closed. */
export interface OpeningHoursTable { weekday: number; opens: string | null; closes: string | null }
export interface ClosedDaysTable { day: string; label: string }
export interface TicketsTable {
  id: string;
  number: string;
  service_id: string;
  language: string;
  kind: string;
  status: string;
  day: string;
  seq: number;
  created_at: string;
  called_at: string | null;
  finished_at: string | null;
  counter_id: string | null;
  /** Queue sort key (ISO): created_at, or for an appointment min(created_at, starts_at). Migration 0110. */
  priority_at: string;
  provisional_number: string | null;
  /** The clerk's toolset, 0550: parked since; counter that parked or transferred it; transfer time; the one counter
   * that may call it; the transfer note (cleared when the ticket ends); the visit's outcome code. */
  parked_at: string | null;
  from_counter_id: string | null;
  transferred_at: string | null;
  target_counter_id: string | null;
  note: string | null;
  outcome: string | null;
  /** Waits for a colleague who speaks this language (0551); null: an ordinary ticket. */
  help_language: string | null;
}
export interface AppointmentsTable {
  /** Booking code, upper-case. */
  code: string;
  service_id: string;
  starts_at: string;
  /** Office day of starts_at, for the staff list. */
  day: string;
  duration_minutes: number;
  language: string | null;
  ticket_id: string | null;
  checked_in_at: string | null;
  imported_at: string;
}
export interface DaySequencesTable { service_id: string; day: string; last: number }
export interface CallsTable { id: string; ticket_id: string; counter_id: string; called_at: string; recall: number }
export interface DevicesTable {
  id: string;
  role: string;
  name: string;
  token_hash: string;
  paired_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  /** Address the device last connected from. 0130. */
  last_ip: string | null;
  /** The one counter a citizen screen belongs to; null for other roles (and citizen screens paired before 0400). */
  counter_id: string | null;
  /** Taken off the admin's list (0500); the row stays for the audit and the token stays revoked. */
  removed_at: string | null;
}
export interface PairingCodesTable { code_hash: string; role: string; name: string; expires_at: string; used_at: string | null; counter_id: string | null }
export interface StaffTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  must_change_password: number;
  failed_attempts: number;
  locked_until: string | null;
  /** A disabled account cannot sign in. 0130. */
  disabled_at: string | null;
  /** JSON array of language codes the holder speaks (0500); null: none entered. */
  languages: string | null;
}
export interface StaffSessionsTable {
  token_hash: string;
  staff_id: string;
  created_at: string;
  expires_at: string;
  /** For the idle expiry. 0130. */
  last_seen_at: string | null;
}
export interface SettingsTable { key: string; value: string }

/** Append-only, hash-chained (audit/chain.ts hashes this row as `AuditRow`). 0100. */
export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  /** Canonical JSON of the whitelisted details. */
  details: string;
  prev_hash: string;
  hash: string;
}

/** Conversation sessions at the counters. 0200. */
export interface ConversationSessionsTable {
  id: string;
  counter_id: string;
  ticket_id: string;
  ticket_number: string;
  clerk_language: string;
  citizen_language: string;
  mode: string;
  consent_status: string;
  consent_keep: number;
  consent_version: string;
  consent_at: string | null;
  /** The device the last consent decision came from (a citizen screen, or the clerk's tablet in single mode). 0400. */
  consent_device_id: string | null;
  started_at: string;
  ended_at: string | null;
  /** Transcript deletion deadline when the citizen agreed to keep it; null = deleted at session end. */
  keep_until: string | null;
}
/** Transcript lines; their text is stored only encrypted (AES-256-GCM, see sessions/lines.ts). 0200. */
export interface TranscriptLinesTable {
  id: string;
  session_id: string;
  speaker: string;
  source: string;
  language: string;
  text_enc: string;
  translation_language: string;
  translation_enc: string | null;
  translation_kind: string;
  engine: string | null;
  at: string;
  /** Phrasebook lines: the phrase, and its translation's reviewer and review date (null while drafted). 0650. */
  phrase_id?: string | null;
  reviewer?: string | null;
  reviewed_on?: string | null;
}
/** Phrases this office added or changed (shipped ones live in shared/src/phrasebook/data). 0650. */
export interface OfficePhrasesTable {
  id: string;
  group_id: string;
  direction: string;
  /** JSON: slot name → type. */
  slots: string;
  quick: number;
  alert: string | null;
  /** JSON: language → text. */
  texts: string;
  /** JSON: language → { reviewer, date }. */
  reviews: string;
  /** 1: a shipped phrase this office hides. */
  hidden: number;
  updated_at: string;
  updated_by: string;
}
/** How often this office used a phrase for a service: orders the clerk's suggestions. 0650. */
export interface PhraseUseTable {
  phrase_id: string;
  service_id: string;
  uses: number;
}
/** The data key's check value (one row, id 'data'): proves at start that the key still fits the database. 0300. */
export interface DataKeyCheckTable {
  id: string;
  /** First 16 hex chars of SHA-256(key), as DataKey.keyId. */
  key_id: string;
  /** A known text encrypted with the key (crypto/fieldCrypto.ts encryptField). */
  check_value: string;
  set_at: string;
}

/** Integrations (issue 17), migration 0600. Lists are JSON text. */
export interface ApiKeysTable {
  id: string; name: string; token_hash: string; prefix: string; scopes: string; allowed_cidrs: string; created_at: string; created_by: string;
  expires_at: string | null; last_used_at: string | null; last_used_ip: string | null; revoked_at: string | null;
}
export interface WebhookSubscriptionsTable {
  id: string; name: string; url: string; events: string; secret_enc: string; allow_personal: number; allow_http: number; active: number;
  created_at: string; deleted_at: string | null;
}
export interface WebhookOutboxTable {
  id: string; subscription_id: string; event: string; payload: string; state: string; attempts: number; created_at: string;
  next_attempt_at: string | null; retry_until: string; delivered_at: string | null; last_status: number | null; last_error: string | null;
}
export interface AppointmentSourcesTable {
  id: string; url: string; format: string; interval_minutes: number; allow_http: number; etag: string | null; last_modified: string | null;
  last_pulled_at: string | null; last_status: string | null; last_error: string | null; last_counts: string | null; known_codes: string;
}

export interface Database {
  services: ServicesTable;
  service_texts: ServiceTextsTable;
  display_groups: DisplayGroupsTable;
  opening_hours: OpeningHoursTable;
  closed_days: ClosedDaysTable;
  counters: CountersTable;
  tickets: TicketsTable;
  appointments: AppointmentsTable;
  day_sequences: DaySequencesTable;
  calls: CallsTable;
  devices: DevicesTable;
  pairing_codes: PairingCodesTable;
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  conversation_sessions: ConversationSessionsTable;
  transcript_lines: TranscriptLinesTable;
  office_phrases: OfficePhrasesTable;
  phrase_use: PhraseUseTable;
  data_key_check: DataKeyCheckTable;
  api_keys: ApiKeysTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_outbox: WebhookOutboxTable;
  appointment_sources: AppointmentSourcesTable;
}
