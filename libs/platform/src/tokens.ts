import type {
  AdministrationRepository,
  AnalyticsQueries,
  AuditLog,
  BankPdqLookup,
  BankRepository,
  ContactRepository,
  ElectionStore,
  FederationStore,
  PeerClient,
  WarningMailOutbox,
  WarningMailQueue,
  WarningStore,
  MailOutbox,
  MailSender,
  Clock,
  ExerciseReportSource,
  ExerciseRunRepository,
  ExerciseTicks,
  IdentityRepository,
  IncidentQueries,
  IncidentStore,
  PdqSource,
  ProtocolSet,
  ScenarioRepository,
  SessionStore,
  SignInDirectory,
  UrlRules,
  WebhookSender,
} from '@hub/domain';
import type { HubConfig } from './config/config.schema';
import { token } from './core/provide';
import type { HubRuntime } from './runtime';

/*
 * Injection tokens for values that are not classes: each port of the domain, and the hub's settings.
 * Each carries its type, so a provider built with `provide` gets typed arguments.
 */

export const HUB_CONFIG = token<HubConfig>('HUB_CONFIG');
export const HUB_RUNTIME = token<HubRuntime>('HUB_RUNTIME');
export const CLOCK = token<Clock>('CLOCK');
/** The protocol set loaded at start; a function so a use case always reads the current one. */
export const PROTOCOLS = token<() => ProtocolSet>('PROTOCOLS');
/** When two URLs name the same content: config/url-rules.yaml, or HUB_URL_RULES_FILE, read once at start. */
export const URL_RULES = token<UrlRules>('URL_RULES');

export const IDENTITY_REPOSITORY = token<IdentityRepository>('IDENTITY_REPOSITORY');
export const INCIDENT_STORE = token<IncidentStore>('INCIDENT_STORE');
export const INCIDENT_QUERIES = token<IncidentQueries>('INCIDENT_QUERIES');
export const AUDIT_LOG = token<AuditLog>('AUDIT_LOG');
export const ADMINISTRATION_REPOSITORY = token<AdministrationRepository>('ADMINISTRATION_REPOSITORY');
export const PDQ_SOURCE = token<PdqSource>('PDQ_SOURCE');
export const WEBHOOK_SENDER = token<WebhookSender>('WEBHOOK_SENDER');
export const SCENARIO_REPOSITORY = token<ScenarioRepository>('SCENARIO_REPOSITORY');
export const EXERCISE_RUN_REPOSITORY = token<ExerciseRunRepository>('EXERCISE_RUN_REPOSITORY');
export const EXERCISE_TICKS = token<ExerciseTicks>('EXERCISE_TICKS');
/** The exercise part of an exercise incident's report. */
export const EXERCISE_REPORTS = token<ExerciseReportSource>('EXERCISE_REPORTS');
/** Hash banks: their signals, imports and log. */
export const BANK_REPOSITORY = token<BankRepository>('BANK_REPOSITORY');
/** Where bank PDQ signals are looked up: this process's index, or the partitions' queues. */
export const BANK_PDQ_LOOKUP = token<BankPdqLookup>('BANK_PDQ_LOOKUP');
export const CONTACT_REPOSITORY = token<ContactRepository>('CONTACT_REPOSITORY');
export const MAIL_OUTBOX = token<MailOutbox>('MAIL_OUTBOX');
/** Null when `SMTP_URL` is unset: no e-mail is sent. */
export const MAIL_SENDER = token<MailSender | null>('MAIL_SENDER');
/** Console sessions: the admin side ends a member's sessions through `endAllFor`. */
export const SESSION_STORE = token<SessionStore>('SESSION_STORE');
export const SIGN_IN_DIRECTORY = token<SignInDirectory>('SIGN_IN_DIRECTORY');
/** The aggregates' SQL: response times, bulletins' counts, the public account's groups. */
export const ANALYTICS_QUERIES = token<AnalyticsQueries>('ANALYTICS_QUERIES');
/** Elections and the warnings their participants send each other. */
export const ELECTION_STORE = token<ElectionStore>('ELECTION_STORE');
export const WARNING_STORE = token<WarningStore>('WARNING_STORE');
export const WARNING_MAIL_OUTBOX = token<WarningMailOutbox>('WARNING_MAIL_OUTBOX');
export const WARNING_MAIL_QUEUE = token<WarningMailQueue>('WARNING_MAIL_QUEUE');
/** Peer hubs, sharing groups and the federation feed's reads. */
export const FEDERATION_STORE = token<FederationStore>('FEDERATION_STORE');
/** How this hub calls a peer hub's federation routes. */
export const PEER_CLIENT = token<PeerClient>('PEER_CLIENT');
