import type { HashMatchEntry, HashTransform, IncidentMode } from '@hub/contracts';
import { PDQ_MATCH_DISTANCE, PdqIndex, type PdqMatch, type PdqQueryThreads } from './pdq-index/pdq.index';
import { parseStoredVpdq, type VpdqFrame } from '../items/vpdq.frames';
import { dihedralVariants, inverseTransform } from './dihedral';

/** PDQ's own quality score: below this the hash of a flat or tiny picture matches too much to be useful. */
export const PDQ_MIN_QUALITY = 50;
/**
 * Two videos match when each holds at least this share of the other's frames (Meta's vPDQ: frames of
 * quality >= 50 within distance 31, counted once per distinct hash; 80% is ThreatExchange's confident match).
 */
export const VPDQ_MATCH_PERCENT = 80;

export interface PdqMatcherEntry {
  itemId: string;
  incidentId: string;
  /** `pdq` when absent. */
  algorithm?: 'pdq' | 'vpdq';
  /** 64 hex digits for a picture; a video's frames as stored (`formatStoredVpdq`). */
  value: string;
  /** Unknown quality (not sent with the share) is indexed: only a known low score is refused. */
  quality: number | null;
  mode: IncidentMode;
}

/**
 * A known item near a query, and how near. A picture matched against a picture or a video's frame has a
 * `distance` and a `transform`, the turn of the query relative to the item (`rotate90`: the query is the
 * item rotated by 90 degrees); when one side is a video, its `frame` and `seconds` say which frame matched.
 * A video matched against a video has `queryMatchPercent` (the share of the query's frames the item
 * holds) and `comparedMatchPercent` (the other way round).
 */
export interface PdqCandidate extends HashMatchEntry {
  mode: IncidentMode;
}

export const isIndexableQuality = (quality: number | null | undefined): boolean =>
  quality === null || quality === undefined || quality >= PDQ_MIN_QUALITY;

/**
 * A video's frames as Meta's vPDQ counts them: each distinct hash once (a still scene repeats one hash for
 * seconds), the first frame showing it deciding, and then only those of quality >= 50.
 */
export function matchableFrames(frames: VpdqFrame[]): VpdqFrame[] {
  const seen = new Set<string>();
  const out: VpdqFrame[] = [];
  for (const f of frames) {
    if (seen.has(f.hash)) continue;
    seen.add(f.hash);
    if (f.quality >= PDQ_MIN_QUALITY) out.push(f);
  }
  return out;
}

interface Located {
  incidentId: string;
  mode: IncidentMode;
  algorithm: 'pdq' | 'vpdq';
  /** A video's matchable frames, and the ids of their rows in the frame index, in the same order. */
  frames?: VpdqFrame[];
  slots?: number[];
}

/**
 * A video is looked up a few frames at a time, letting other work run in between: each frame costs 9
 * index queries (about 4.5 ms among a million pictures), and the process also serves the incident room.
 */
const FRAMES_PER_TURN = 16;
const yieldToOthers = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Rounded for the wire: a percentage to the hundredth says all a reader needs. */
const percent = (part: number, whole: number): number => Math.round((part * 10_000) / whole) / 100;

/**
 * Every shared PDQ hash and vPDQ frame of every incident, in memory: one index of pictures, one of the
 * distinct frames of videos, and a side map of where each item lives. A picture is looked up with its 8
 * rotations and flips; a video frame by frame. Knows nothing of who may see what; callers filter.
 */
export class PdqMatcher {
  private pictures = new PdqIndex<string>();
  private frames = new PdqIndex<number>();
  /** Which item and frame each row of the frame index is. */
  private readonly slotOwner = new Map<number, { itemId: string; frame: VpdqFrame }>();
  private nextSlot = 0;
  private readonly items = new Map<string, Located>();

  /** `threads`: where `candidatesMany` runs the probes of large batches (a pool); this thread otherwise. */
  constructor(private readonly threads?: PdqQueryThreads) {}

  get size(): number {
    return this.items.size;
  }

  has(itemId: string): boolean {
    return this.items.has(itemId);
  }

  /** Replaces everything with these entries. */
  load(entries: Iterable<PdqMatcherEntry>): void {
    const list = [...entries];
    this.clear(list.length);
    for (const entry of list) this.add(entry);
    this.ready();
  }

  /**
   * Replaces everything with the entries of these pages (a database cursor's), one page at a time. Until
   * it ends, queries see the entries read so far.
   */
  async loadPages(pages: AsyncIterable<Iterable<PdqMatcherEntry>>): Promise<void> {
    this.clear(1024);
    for await (const page of pages) for (const entry of page) this.add(entry);
    this.ready();
  }

  private clear(capacity: number): void {
    this.pictures = new PdqIndex<string>({ initialCapacity: capacity });
    this.frames = new PdqIndex<number>();
    this.slotOwner.clear();
    this.items.clear();
    this.nextSlot = 0;
  }

  /** Builds the segment tables now rather than on the first query after start. */
  private ready(): void {
    this.pictures.compact();
    this.frames.compact();
  }

  /**
   * Indexes the entry (replacing the item's previous hash); false when it cannot match: a picture of low
   * quality, a video with no frame of quality >= 50, or an opaque vPDQ value without frames.
   */
  add(entry: PdqMatcherEntry): boolean {
    this.remove(entry.itemId);
    const where = { incidentId: entry.incidentId, mode: entry.mode };
    if ((entry.algorithm ?? 'pdq') === 'pdq') {
      if (!isIndexableQuality(entry.quality)) return false;
      this.pictures.add(entry.itemId, entry.value.toLowerCase());
      this.items.set(entry.itemId, { ...where, algorithm: 'pdq' });
      return true;
    }
    const frames = matchableFrames(parseStoredVpdq(entry.value) ?? []);
    if (frames.length === 0) return false;
    const slots = frames.map((frame) => {
      const slot = this.nextSlot++;
      this.frames.add(slot, frame.hash);
      this.slotOwner.set(slot, { itemId: entry.itemId, frame });
      return slot;
    });
    this.items.set(entry.itemId, { ...where, algorithm: 'vpdq', frames, slots });
    return true;
  }

  remove(itemId: string): boolean {
    const located = this.items.get(itemId);
    if (!located) return false;
    this.items.delete(itemId);
    if (located.algorithm === 'pdq') return this.pictures.remove(itemId);
    for (const slot of located.slots!) {
      this.frames.remove(slot);
      this.slotOwner.delete(slot);
    }
    return true;
  }

  /**
   * Items near a picture's hash, nearest first: pictures and video frames within `maxDistance` of any of
   * its rotations and flips. Each item appears once, by its nearest turn (the original on a tie).
   */
  candidates(hex: string, maxDistance: number = PDQ_MATCH_DISTANCE): PdqCandidate[] {
    const turns = dihedralVariants(hex);
    return this.nearest(
      turns.map(({ transform }) => transform),
      turns.map(({ hash }) => this.pictures.query(hash, maxDistance)),
      turns.map(({ hash }) => this.frames.query(hash, maxDistance)),
    );
  }

  /**
   * `candidates` of each hash, in order, with one batch query of the indexes for all of them and their
   * turns, on the matcher's threads when it has some and the batch is large enough.
   */
  async candidatesMany(
    hexes: readonly string[],
    maxDistance: number = PDQ_MATCH_DISTANCE,
  ): Promise<PdqCandidate[][]> {
    const { threads } = this;
    const turns = hexes.map((hex) => dihedralVariants(hex));
    const hashes = turns.flatMap((variants) => variants.map(({ hash }) => hash));
    const [pictures, frames] = await Promise.all([
      this.pictures.queryManyAsync(hashes, maxDistance, threads),
      this.frames.queryManyAsync(hashes, maxDistance, threads),
    ]);
    let at = 0;
    return turns.map((variants) => {
      const from = at;
      at += variants.length;
      return this.nearest(
        variants.map(({ transform }) => transform),
        pictures.slice(from, at),
        frames.slice(from, at),
      );
    });
  }

  /**
   * Each item once, by its nearest turn (the first on a tie), from what the pictures and the frames gave
   * for each turn of a query; nearest first.
   */
  private nearest(
    transforms: HashTransform[],
    pictures: PdqMatch<string>[][],
    frames: PdqMatch<number>[][],
  ): PdqCandidate[] {
    const best = new Map<string, PdqCandidate>();
    const consider = (found: PdqCandidate) => {
      const known = best.get(found.itemId);
      if (!known || found.distance! < known.distance!) best.set(found.itemId, found);
    };
    transforms.forEach((transform, t) => {
      // Found: the query turned by `transform` is near the item, so the query is the item turned back.
      const turn = inverseTransform(transform);
      for (const { id, distance } of pictures[t]) {
        const where = this.items.get(id);
        if (where) consider(this.candidate(id, where, { distance, transform: turn }));
      }
      for (const { id, distance } of frames[t]) {
        const owner = this.slotOwner.get(id);
        const where = owner && this.items.get(owner.itemId);
        if (!owner || !where) continue;
        const { frame, seconds } = owner.frame;
        consider(this.candidate(owner.itemId, where, { distance, transform: turn, frame, seconds }));
      }
    });
    return [...best.values()].sort((a, b) => a.distance! - b.distance!);
  }

  /**
   * Items near a video's frames: pictures within `maxDistance` of any frame (of quality >= 50, with the
   * picture's rotations and flips), nearest first, then videos of which both match percentages reach
   * `minPercent`, the closest first. The percentages are counted as Meta's vPDQ counts them; the frame
   * index finds the frames that meet, so no pair of frames is compared twice.
   */
  async videoCandidates(
    frames: VpdqFrame[],
    maxDistance: number = PDQ_MATCH_DISTANCE,
    minPercent: number = VPDQ_MATCH_PERCENT,
  ): Promise<PdqCandidate[]> {
    const query = matchableFrames(frames);
    const pictures = new Map<string, PdqCandidate>();
    // Per video: the query frames that meet one of its frames, and its frames that meet one of the query's.
    const met = new Map<string, { query: number; compared: Set<number> }>();
    for (const [i, qf] of query.entries()) {
      if (i > 0 && i % FRAMES_PER_TURN === 0) await yieldToOthers();
      for (const { transform, hash } of dihedralVariants(qf.hash)) {
        // The frame turned by `transform` is near the picture: the video shows the picture turned back.
        for (const { id, distance } of this.pictures.query(hash, maxDistance)) {
          const where = this.items.get(id);
          const known = pictures.get(id);
          if (!where || (known && known.distance! <= distance)) continue;
          const { frame, seconds } = qf;
          const turn = inverseTransform(transform);
          pictures.set(id, this.candidate(id, where, { distance, transform: turn, frame, seconds }));
        }
      }
      const counted = new Set<string>();
      for (const { id } of this.frames.query(qf.hash, maxDistance)) {
        const owner = this.slotOwner.get(id);
        if (!owner) continue;
        const seen = met.get(owner.itemId) ?? { query: 0, compared: new Set<number>() };
        met.set(owner.itemId, seen);
        seen.compared.add(id);
        if (!counted.has(owner.itemId)) {
          counted.add(owner.itemId);
          seen.query++;
        }
      }
    }
    const videos: PdqCandidate[] = [];
    for (const [itemId, seen] of met) {
      const where = this.items.get(itemId);
      if (!where) continue;
      const queryMatch = (seen.query * 100) / query.length;
      const comparedMatch = (seen.compared.size * 100) / where.frames!.length;
      if (queryMatch < minPercent || comparedMatch < minPercent) continue;
      videos.push(
        this.candidate(itemId, where, {
          queryMatchPercent: percent(seen.query, query.length),
          comparedMatchPercent: percent(seen.compared.size, where.frames!.length),
        }),
      );
    }
    const weakest = (c: PdqCandidate) => Math.min(c.queryMatchPercent!, c.comparedMatchPercent!);
    return [
      ...[...pictures.values()].sort((a, b) => a.distance! - b.distance!),
      ...videos.sort((a, b) => weakest(b) - weakest(a)),
    ];
  }

  private candidate(itemId: string, where: Located, facts: Partial<PdqCandidate>): PdqCandidate {
    return { itemId, incidentId: where.incidentId, mode: where.mode, algorithm: where.algorithm, ...facts };
  }
}
