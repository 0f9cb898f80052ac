import { canSee } from '../access/access.policy';
import { PDQ_MATCH_DISTANCE } from './pdq-index/pdq.index';
import { parseStoredVpdq, type VpdqFrame } from '../items/vpdq.frames';
import { SYSTEM_ACTOR, type Actor } from '../core/actor';
import { type IncidentRecord, type ItemRecord } from '../incidents/incident.model';
import { type NewEvent } from '../events/event.model';
import type { IdentityRepository } from '../identity/identity.ports';
import type { IncidentQueries, IncidentStore } from '../incidents/incident.ports';
import { inverseTransform } from './dihedral';
import { isIndexableQuality, matchableFrames, PdqMatcher, type PdqCandidate } from './pdq.matcher';

/** One `item.shared` event of a PDQ or vPDQ item, as the relay hands it over. */
export interface MatchItemJob {
  /** The id of the `item.shared` event: recorded as `triggeredBy`, so a repeated job appends nothing. */
  eventId: string;
  incidentId: string;
  itemId: string;
}

export type MatchItemResult = 'matched' | 'no-match' | 'skipped';

interface VisibleMatch extends PdqCandidate {
  incident: IncidentRecord;
}

/** What matching reads of a new item: a picture's hash, or a video's frames. */
type Query = { algorithm: 'pdq'; hex: string } | { algorithm: 'vpdq'; frames: VpdqFrame[] };

/**
 * Links a newly shared PDQ hash or vPDQ video to the known ones (pictures within distance 31 in any of
 * their rotations and flips, video frames within 31, videos sharing 80% of their frames both ways), in
 * the incidents its sharer can see and never across live and exercise: `item.matched` in the new item's
 * incident and, when the match lives in another incident, in that one too. The sharer's visibility is
 * the bound because the events tell each incident about the other item: the hub must not reveal more
 * than the sharer could have looked up.
 */
export class MatchItemUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly queries: IncidentQueries,
    private readonly identities: IdentityRepository,
    private readonly matcher: PdqMatcher,
  ) {}

  async execute(job: MatchItemJob): Promise<MatchItemResult> {
    const found = await this.queries.itemWithCells(job.incidentId, job.itemId);
    const item = found?.item;
    const query = item && matchQuery(item);
    if (!item || !query) return 'skipped';
    const incident = await this.incidents.find(item.incidentId);
    if (!incident) return 'skipped';

    const matches = await this.visibleMatches(item, query, incident);
    if (matches.length) await this.record(job.eventId, item, incident, matches);
    this.matcher.add({
      itemId: item.id,
      incidentId: item.incidentId,
      algorithm: query.algorithm,
      value: item.hashValue!,
      quality: item.hashQuality,
      mode: incident.mode,
    });
    return matches.length ? 'matched' : 'no-match';
  }

  /** Candidates the sharer can see, in the item's own mode, nearest first. */
  private async visibleMatches(
    item: ItemRecord,
    query: Query,
    incident: IncidentRecord,
  ): Promise<VisibleMatch[]> {
    const found =
      query.algorithm === 'pdq'
        ? this.matcher.candidates(query.hex, PDQ_MATCH_DISTANCE)
        : await this.matcher.videoCandidates(query.frames, PDQ_MATCH_DISTANCE);
    const candidates = found.filter((c) => c.itemId !== item.id && c.mode === incident.mode);
    if (candidates.length === 0) return [];
    const sharer = item.createdBy ? await this.identities.findActorByMemberId(item.createdBy) : null;
    const loaded = new Map<string, Promise<IncidentRecord | null>>([
      [incident.id, Promise.resolve(incident)],
    ]);
    const visible: VisibleMatch[] = [];
    for (const candidate of candidates) {
      if (!loaded.has(candidate.incidentId)) {
        loaded.set(candidate.incidentId, this.incidents.find(candidate.incidentId));
      }
      const other = await loaded.get(candidate.incidentId)!;
      // The index may be a few seconds behind a mode or incident it cannot know changed: check again.
      if (!other || other.mode !== incident.mode) continue;
      if (!this.mayLink(sharer, incident, other)) continue;
      visible.push({ ...candidate, incident: other });
    }
    return visible;
  }

  /**
   * With no sharer to speak for (an item shared by the hub itself), only matches inside the item's own
   * incident are linked: they tell its participants nothing they cannot already see.
   */
  private mayLink(sharer: Actor | null, own: IncidentRecord, other: IncidentRecord): boolean {
    if (!sharer) return other.id === own.id;
    return canSee(sharer, other) && (other.id === own.id || canSee(sharer, own));
  }

  private async record(
    eventId: string,
    item: ItemRecord,
    incident: IncidentRecord,
    matches: VisibleMatch[],
  ): Promise<void> {
    const perIncident = new Map<string, NewEvent[]>();
    const push = (incidentId: string, data: Record<string, unknown>) => {
      const list = perIncident.get(incidentId) ?? [];
      list.push({
        type: 'item.matched',
        actor: { ...SYSTEM_ACTOR },
        data: { ...data, triggeredBy: eventId },
      });
      perIncident.set(incidentId, list);
    };
    for (const m of matches) {
      push(incident.id, {
        itemId: item.id,
        matchedItemId: m.itemId,
        matchedIncidentId: m.incidentId,
        ...howNear(m),
      });
      if (m.incidentId !== incident.id) {
        push(m.incidentId, {
          itemId: m.itemId,
          matchedItemId: item.id,
          matchedIncidentId: incident.id,
          ...howNear(m, true),
        });
      }
    }
    // The nearest match of the same kind inside the same incident makes the new item its variant (a
    // video is not a variant of a still picture, nor the other way round).
    const nearestSibling = matches.find(
      (m) => m.incidentId === incident.id && m.algorithm === item.hashAlgorithm,
    );
    for (const [incidentId, events] of perIncident) {
      await this.incidents.withIncident(incidentId, async (tx) => {
        // Under the incident's lock: a repeated job waits for the first to commit, then sees its events.
        if (await this.queries.hasEvent(incidentId, 'item.matched', 'triggeredBy', eventId)) return;
        if (incidentId === incident.id && nearestSibling) {
          const current = await tx.findItem(item.id);
          if (current && !current.variantOf) await tx.setVariantOf(item.id, nearestSibling.itemId);
        }
        await tx.append(events);
      });
    }
  }
}

/** The item as matching reads it; null when it cannot match (another algorithm, low quality, no frames). */
function matchQuery(item: ItemRecord): Query | null {
  if (!item.hashValue) return null;
  if (item.hashAlgorithm === 'pdq') {
    return isIndexableQuality(item.hashQuality) ? { algorithm: 'pdq', hex: item.hashValue } : null;
  }
  if (item.hashAlgorithm !== 'vpdq') return null;
  const frames = parseStoredVpdq(item.hashValue);
  return frames && matchableFrames(frames).length > 0 ? { algorithm: 'vpdq', frames } : null;
}

/**
 * What an `item.matched` event says of the match, from the new item's side or, mirrored, from the matched
 * item's: the turn is undone and the percentages swap. `frame` and `seconds` are the video's, whichever
 * side it is on.
 */
function howNear(m: PdqCandidate, mirrored = false): Record<string, unknown> {
  if (m.queryMatchPercent !== undefined) {
    return mirrored
      ? { queryMatchPercent: m.comparedMatchPercent, comparedMatchPercent: m.queryMatchPercent }
      : { queryMatchPercent: m.queryMatchPercent, comparedMatchPercent: m.comparedMatchPercent };
  }
  const data: Record<string, unknown> = {
    distance: m.distance,
    transform: mirrored ? inverseTransform(m.transform!) : m.transform,
  };
  if (m.frame !== undefined) Object.assign(data, { frame: m.frame, seconds: m.seconds });
  return data;
}
