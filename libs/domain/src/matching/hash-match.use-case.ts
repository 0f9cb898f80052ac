import {
  LIMITS,
  type BankHitEntry,
  type HashMatchBatchView,
  type HashMatchEntry,
  type HashMatchView,
} from '@hub/contracts';
import { canSee, mayMissItems } from '../access/access.policy';
import { hiddenItemIds } from '../incidents/item-visibility';
import { DomainError, invalid } from '../core/errors';
import { parseHash } from '../items/hash.parse';
import { PDQ_MATCH_DISTANCE } from './pdq-index/pdq.index';
import { canonicalVpdqFrames, type VpdqFrame } from '../items/vpdq.frames';
import type { Actor } from '../core/actor';
import type { IncidentRecord } from '../incidents/incident.model';
import type { IncidentQueries, IncidentStore } from '../incidents/incident.ports';
import { PDQ_MIN_QUALITY, PdqMatcher, type PdqCandidate } from './pdq.matcher';

export interface HashMatchQuery {
  algorithm: string;
  value?: string;
  values?: string[];
  frames?: unknown;
  maxDistance?: number;
}

export const LOW_QUALITY_NOTE = `PDQ hashes and vPDQ frames of quality below ${PDQ_MIN_QUALITY} are not indexed and never match`;

const VALUES_PER_TURN = 50;
const yieldToOthers = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

type Query = { hex: string; frames?: undefined } | { frames: VpdqFrame[]; hex?: undefined };

/**
 * The hash banks' half of a lookup: hits per query, only in the banks the caller may see; `note` when the
 * answer may be missing some (partitions of the bank index that did not answer in time).
 */
export interface BankLookup {
  lookup(
    actor: Actor,
    queries: ({ algorithm: 'pdq'; hex: string } | { algorithm: 'vpdq'; frames: VpdqFrame[] })[],
    maxDistance: number,
  ): Promise<{ hits: BankHitEntry[][]; note?: string }>;
}

const withNote = (note: string | undefined): string =>
  note ? `${LOW_QUALITY_NOTE}; ${note}` : LOW_QUALITY_NOTE;

/**
 * `POST /hashes/match`: the known pictures and videos near a PDQ hash (in any rotation or flip) or near a
 * video's vPDQ frames, in the incidents the caller can see.
 */
export class HashMatchUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly matcher: PdqMatcher,
    private readonly banks?: BankLookup,
    /** Reads which items a caller outside the coordination circle may not see (`canSeeItem`). */
    private readonly queries?: Pick<IncidentQueries, 'itemAudiences'>,
  ) {}

  async execute(actor: Actor, query: HashMatchQuery): Promise<HashMatchView> {
    const { hex, frames, maxDistance } = this.validate(query);
    const candidates = frames
      ? await this.matcher.videoCandidates(frames, maxDistance)
      : this.matcher.candidates(hex, maxDistance);
    const matches: (HashMatchEntry | BankHitEntry)[] = await this.visible(actor, candidates, new Map());
    if (!this.banks) return { matches, note: LOW_QUALITY_NOTE };
    const bankQuery = frames ? { algorithm: 'vpdq' as const, frames } : { algorithm: 'pdq' as const, hex };
    const banks = await this.banks.lookup(actor, [bankQuery], maxDistance);
    matches.push(...banks.hits[0]);
    return { matches, note: withNote(banks.note) };
  }

  /**
   * `values`: up to 1,000 PDQ hashes, each answered as `execute` answers `value`. Every value is checked
   * before any is looked up; a bad one fails the batch, naming its place.
   */
  async executeBatch(actor: Actor, query: HashMatchQuery): Promise<HashMatchBatchView> {
    if (query.algorithm !== 'pdq') throw invalid('values', 'a batch holds pdq hashes only');
    if (query.value !== undefined) throw invalid('values', 'send either value or values, not both');
    const values = Array.isArray(query.values) ? query.values : [];
    if (values.length === 0 || values.length > LIMITS.hashMatchBatch) {
      throw invalid('values', `must hold from 1 to ${LIMITS.hashMatchBatch} pdq hashes`);
    }
    const hexes = values.map((value, i) => this.pdqValue(value, `values[${i}]`));
    const maxDistance = this.maxDistance(query);
    // One batch query of each index for all values and their turns (on the matcher's threads when it
    // has some); the banks are asked once for the whole batch (one job per partition when the bank index
    // is partitioned); incidents are looked up once for the whole batch.
    const candidates = await this.matcher.candidatesMany(hexes, maxDistance);
    const banks = this.banks
      ? await this.banks.lookup(
          actor,
          hexes.map((hex) => ({ algorithm: 'pdq' as const, hex })),
          maxDistance,
        )
      : undefined;
    const loaded = new Map<string, Promise<IncidentRecord | null>>();
    const hiddenIn = this.hiddenPerIncident(actor);
    const results: HashMatchBatchView['results'] = [];
    for (let index = 0; index < hexes.length; index++) {
      // Other requests and the room get their turn now and then.
      if (index > 0 && index % VALUES_PER_TURN === 0) await yieldToOthers();
      const matches: (HashMatchEntry | BankHitEntry)[] = await this.visible(
        actor,
        candidates[index],
        loaded,
        hiddenIn,
      );
      if (banks) matches.push(...banks.hits[index]);
      results.push({ index, matches });
    }
    return { results, note: withNote(banks?.note) };
  }

  /** The candidates of incidents the actor can see, as the wire shows them. */
  private async visible(
    actor: Actor,
    candidates: PdqCandidate[],
    loaded: Map<string, Promise<IncidentRecord | null>>,
    hiddenIn = this.hiddenPerIncident(actor),
  ): Promise<HashMatchEntry[]> {
    const matches: HashMatchEntry[] = [];
    for (const candidate of candidates) {
      if (!loaded.has(candidate.incidentId)) {
        loaded.set(candidate.incidentId, this.incidents.find(candidate.incidentId));
      }
      const incident = await loaded.get(candidate.incidentId)!;
      if (!incident || !canSee(actor, incident)) continue;
      // A flag the caller may not see is no match either: its item id would tell of it.
      if (hiddenIn && (await hiddenIn(candidate.incidentId)).has(candidate.itemId)) continue;
      const { incidentId, itemId, algorithm, distance, transform, frame, seconds } = candidate;
      const { queryMatchPercent, comparedMatchPercent } = candidate;
      matches.push(
        queryMatchPercent !== undefined
          ? { incidentId, itemId, algorithm, queryMatchPercent, comparedMatchPercent }
          : {
              incidentId,
              itemId,
              algorithm,
              distance,
              transform,
              ...(frame !== undefined && { frame, seconds }),
            },
      );
    }
    return matches;
  }

  /** Per incident, read once per lookup: the items this caller may not see; none for the coordination circle. */
  private hiddenPerIncident(actor: Actor): ((incidentId: string) => Promise<Set<string>>) | undefined {
    if (!mayMissItems(actor)) return undefined;
    const queries = this.queries;
    if (!queries) return undefined;
    const cache = new Map<string, Promise<Set<string>>>();
    return (incidentId) => {
      let hidden = cache.get(incidentId);
      if (!hidden) {
        hidden = queries.itemAudiences(incidentId).then((audiences) => hiddenItemIds(actor, audiences));
        cache.set(incidentId, hidden);
      }
      return hidden;
    };
  }

  private validate(query: HashMatchQuery): Query & { maxDistance: number } {
    let hashes: Query;
    if (query.algorithm === 'vpdq') {
      hashes = { frames: canonicalVpdqFrames(query.frames, 'frames') };
    } else if (query.algorithm === 'pdq') {
      hashes = { hex: this.pdqValue(query.value, 'value') };
    } else {
      throw invalid('algorithm', 'only pdq hashes and vpdq frames can be matched by distance');
    }
    return { ...hashes, maxDistance: this.maxDistance(query) };
  }

  private pdqValue(value: string | undefined, field: string): string {
    try {
      return parseHash({ algorithm: 'pdq', value }).value;
    } catch (error) {
      if (error instanceof DomainError)
        throw invalid(field, 'a pdq hash must be exactly 64 hexadecimal digits');
      throw error;
    }
  }

  private maxDistance(query: HashMatchQuery): number {
    const maxDistance = query.maxDistance ?? PDQ_MATCH_DISTANCE;
    if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > PDQ_MATCH_DISTANCE) {
      throw invalid(
        'maxDistance',
        `must be an integer from 0 to ${PDQ_MATCH_DISTANCE}: PDQ hashes further apart do not show the same picture`,
      );
    }
    return maxDistance;
  }
}
