import type {
  CellStatus,
  Category,
  Channel,
  HashAlgorithm,
  IncidentLevel,
  IncidentMode,
  IncidentStatus,
  ItemKind,
  OrganisationKind,
  Role,
} from '@hub/contracts';

/** Who acts: resolved from a token by the platform layer, trusted from there on. */
export interface Actor {
  memberId: string;
  organisationId: string;
  displayName: string;
  role: Role;
  organisationKind: OrganisationKind;
  platformKey?: string;
}

/** The hub acting on its own (deliveries, deadlines, the exercise clock). */
export const SYSTEM_ACTOR = { memberId: null, organisationId: null } as const;

export interface OrganisationRecord {
  id: string;
  name: string;
  kind: OrganisationKind;
  country: string | null;
  platformKey: string | null;
  domains: string[];
  webhookUrl: string | null;
  webhookSecret: string | null;
  exerciseWebhookUrl: string | null;
  exerciseWebhookSecret: string | null;
  /** After a rotation, the secret before it, still signing beside the new one until `...Until`. */
  webhookPreviousSecret: string | null;
  webhookPreviousSecretUntil: Date | null;
  exerciseWebhookPreviousSecret: string | null;
  exerciseWebhookPreviousSecretUntil: Date | null;
  simulated: boolean;
  /** A deactivated organisation's members can do nothing; its platform gets no deliveries. */
  active: boolean;
  deactivatedAt: Date | null;
  createdAt: Date;
}

export interface MemberRecord {
  id: string;
  organisationId: string;
  displayName: string;
  role: Role;
  active: boolean;
  deactivatedAt: Date | null;
  createdAt: Date;
}

export interface IncidentRecord {
  id: string;
  ref: string;
  title: string;
  summary: string;
  category: Category;
  protocol: string;
  level: IncidentLevel;
  mode: IncidentMode;
  status: IncidentStatus;
  participants: string[];
  platforms: string[];
  criteria: string[];
  rationale: string | null;
  closingSummary: string | null;
  reviewSummary: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  lastSeq: number;
  /** Moves whenever status, level, participants or platforms change. */
  configVersion: number;
  /** 1 for live incidents; an exercise's replay speed, so its deadlines run on the exercise clock. */
  clockSpeed?: number;
  /** An exercise whose clock is paused: its deadlines wait too. */
  clockPaused?: boolean;
}

export interface ItemRecord {
  id: string;
  incidentId: string;
  kind: ItemKind;
  dedupKey: string;
  url: string | null;
  submittedUrl: string | null;
  hashAlgorithm: HashAlgorithm | null;
  hashValue: string | null;
  hashQuality: number | null;
  accountPlatform: string | null;
  accountHandle: string | null;
  channel: Channel;
  legalReference: string | null;
  platformKey: string | null;
  metadata: Record<string, unknown>;
  reporters: string[];
  variantOf: string | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface CellRecord {
  itemId: string;
  platformKey: string;
  incidentId: string;
  status: CellStatus;
  reason: string | null;
  ackDueAt: Date | null;
  actionDueAt: Date | null;
  notifiedAt: Date | null;
  acknowledgedAt: Date | null;
  actedAt: Date | null;
  pausedAt: Date | null;
  overdueCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface EventActor {
  memberId: string | null;
  organisationId: string | null;
}

export interface NewEvent {
  type: string;
  actor: EventActor;
  data: Record<string, unknown>;
}

export interface EventRecord {
  id: string;
  incidentId: string;
  seq: number;
  type: string;
  at: Date;
  actor: EventActor;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
