import type {
  AnswerChannel,
  Category,
  CellStatus,
  Channel,
  ContentType,
  HashAlgorithm,
  IncidentLevel,
  ItemKind,
  ItemVisibility,
  WarningSeverity,
  ORGANISATION_KINDS,
} from '@hub/contracts';

/**
 * An exercise scenario as the engine replays it (CONTRACT.md, "Exercise scenarios"): what
 * `parseScenario` makes of a file and what is stored with it. Plain data, checked once at upload.
 */

export type CastKind = (typeof ORGANISATION_KINDS)[number];

/** One organisation of the cast; at run time it is bound to a real organisation or simulated. */
export interface CastMember {
  key: string;
  kind: CastKind;
  name: string;
  country?: string;
  platformKey?: string;
  domains: string[];
}

export interface ItemMetadataSpec {
  contentType?: ContentType;
  language?: string;
  firstSeenAt?: string;
  label?: string;
  notes?: string;
  uploaderHandle?: string;
}

/** What a `share` inject sends: the body of `POST /incidents/:id/items`. */
export interface ShareItemSpec {
  kind: ItemKind;
  url?: string;
  hash?: { algorithm: HashAlgorithm; value: string; quality?: number };
  account?: { platformKey: string; handle: string };
  channel: Channel;
  legalReference?: string;
  platformKey?: string;
  metadata?: ItemMetadataSpec;
  narrative?: NarrativeSpec;
  techniques?: string[];
  visibility?: ItemVisibility;
}

export interface NarrativeSpec {
  title: string;
  description?: string;
  keywords?: string[];
  languages?: string[];
  examples?: string[];
}

export const INJECT_ACTIONS = [
  'activate',
  'share',
  'contain',
  'post',
  'warn',
  'level',
  'stand_down',
  'close',
] as const;
export type InjectAction = (typeof INJECT_ACTIONS)[number];

export type InjectBody =
  | { do: 'activate'; title: string; summary?: string; rationale?: string; criteria?: string[] }
  | { do: 'share'; as?: string; item: ShareItemSpec }
  | {
      do: 'contain';
      item: string;
      platform: string;
      status: CellStatus;
      reason?: string;
      via?: AnswerChannel;
      reportedBy?: string;
    }
  | { do: 'post'; text: string }
  | { do: 'warn'; title: string; text: string; severity?: WarningSeverity }
  | { do: 'level'; level: IncidentLevel }
  | { do: 'stand_down'; rationale?: string }
  | { do: 'close'; summary: string };

/** `index` is the 0-based position in the file, `line` its line there; `by` a cast key. */
export type Inject = { index: number; line: number; atSeconds: number; by: string } & InjectBody;

export interface Expectation {
  /** A cast key of kind platform. */
  platform: string;
  acknowledgeWithinSeconds?: number;
  actWithinSeconds?: number;
}

export interface Scenario {
  name: string;
  description?: string;
  category: Category;
  level: IncidentLevel;
  organisations: Record<string, CastMember>;
  /** Sorted by `atSeconds`; equal times keep their file order. */
  injects: Inject[];
  expectations: Expectation[];
}

export const SCENARIO_LIMITS = {
  description: 5_000,
  organisations: 60,
  domains: 20,
  injects: 5_000,
  expectations: 200,
} as const;
