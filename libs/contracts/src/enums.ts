/** The vocabulary of the hub, shared by every process and client. */

/** Organisations that notify in elections but hold no public power; their members are flaggers. */
export const FLAGGER_KINDS = ['fact_checker', 'civil_society', 'party', 'electoral_body'] as const;
export type FlaggerKind = (typeof FLAGGER_KINDS)[number];

export const ORGANISATION_KINDS = [
  'coordinator',
  'authority',
  'platform',
  'observer',
  ...FLAGGER_KINDS,
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number] | 'hub';

/** `peer`: a member of another hub's organisation (kind `hub`); its token reaches only the federation routes. */
export const ROLES = ['coordinator', 'authority', 'liaison', 'observer', 'admin', 'flagger', 'peer'] as const;
export type Role = (typeof ROLES)[number];

export const INCIDENT_STATUSES = [
  'assessing',
  'active',
  'standing_down',
  'closed',
  'reviewed',
  'rejected',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_LEVELS = ['awareness', 'incident', 'crisis'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];

export const INCIDENT_MODES = ['live', 'exercise'] as const;
export type IncidentMode = (typeof INCIDENT_MODES)[number];

export const CATEGORIES = ['terrorist_content', 'violent_extremism', 'election_integrity', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const ITEM_KINDS = ['url', 'hash', 'account', 'narrative'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/**
 * Who sees an item: every participant, or (a flagger's default) the coordination only: coordinators,
 * authorities, observers, the platforms concerned and the reporting organisations, never other flaggers.
 */
export const ITEM_VISIBILITIES = ['participants', 'coordination'] as const;
export type ItemVisibility = (typeof ITEM_VISIBILITIES)[number];

export const CHANNELS = ['alert', 'referral', 'removal_order'] as const;
export type Channel = (typeof CHANNELS)[number];

export const HASH_ALGORITHMS = ['pdq', 'md5', 'sha1', 'sha256', 'tmk', 'vpdq'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/** The rotations and flips of a picture that PDQ hashes derive from one another (PDQ's dihedral hashes). */
export const HASH_TRANSFORMS = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'flipPlus1',
  'flipMinus1',
] as const;
export type HashTransform = (typeof HASH_TRANSFORMS)[number];

export const CELL_STATUSES = [
  'pending',
  'notified',
  'acknowledged',
  'removed',
  'restricted',
  'labelled',
  'not_found',
  'no_action',
  'clarification_requested',
  'cannot_comply',
  'demoted',
] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

/** How a platform's answer reached the hub: its liaison in the hub, or told to a coordinator who recorded it. */
export const ANSWER_CHANNELS = ['hub', 'phone', 'meeting', 'email', 'letter'] as const;
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];

export const VERDICTS = ['agree', 'disagree', 'false_positive'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const CONTENT_TYPES = ['video', 'image', 'audio', 'text', 'pdf', 'livestream'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** `public`/`public-html`: the transparency summary of a closed incident, in Markdown / HTML. */
export const REPORT_FORMATS = ['json', 'md', 'html', 'csv', 'public', 'public-html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const EVENT_TYPES = [
  'incident.notified',
  'incident.activated',
  'incident.rejected',
  'incident.level_changed',
  'incident.participant_added',
  'incident.standing_down',
  'incident.closed',
  'incident.reviewed',
  'item.shared',
  'item.reported_again',
  'item.matched',
  'item.bank_matched',
  'item.bank_benign',
  'item.bank_hit_held',
  'item.bank_feedback',
  'item.feedback',
  'item.purged',
  'containment.updated',
  'containment.overdue',
  'delivery.succeeded',
  'delivery.failed',
  'escalation.sent',
  'message.posted',
  'exercise.started',
  'exercise.paused',
  'exercise.resumed',
  'exercise.inject',
  'exercise.completed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The languages the hub speaks (its catalogues in libs/i18n): members' `language`, contacts' `languages`,
 * `?lang=` on reports. English is the fallback of every message.
 */
export const LANGUAGES = ['en', 'fr', 'de', 'nl', 'it', 'es', 'pl'] as const;
export type Language = (typeof LANGUAGES)[number];
