import { LIMITS, type Verdict } from '@hub/contracts';
import {
  DomainError,
  ERROR_CODES,
  GENESIS_HASH,
  chainHash,
  type CellRecord,
  type Clock,
  type EventRecord,
  type IncidentFilter,
  type IncidentRecord,
  type IncidentStore,
  type IncidentTx,
  type ItemRecord,
  type NewEvent,
  type WorkOptions,
} from '@hub/domain';
import type { IncidentMode } from '@hub/contracts';

/** What the in-memory store holds for one incident. */
interface IncidentState {
  incident: IncidentRecord;
  items: ItemRecord[];
  cells: CellRecord[];
  events: EventRecord[];
  deliveries: Set<string>;
  feedback: { itemId: string; organisationId: string; memberId: string; verdict: Verdict; note?: string }[];
}

/** Changing any of these moves the incident's configuration version (as the PostgreSQL store does). */
const CONFIG_FIELDS = new Set<string>(['status', 'level', 'participants', 'platforms']);

/**
 * The domain's `IncidentStore` in memory, for unit specs of the use cases: a work runs on a copy of its
 * incident's state that replaces it only when the work succeeds (a refusal leaves nothing behind), works
 * on the store run one at a time (as under the incident's row lock), and events are chained with the same
 * hashes the database computes. The late and optimistic options change nothing here: they are about when
 * PostgreSQL takes its locks. Tests read what was stored with `state`, `events`, `items` and `cells`.
 */
export class InMemoryIncidentStore implements IncidentStore {
  private readonly incidents = new Map<string, IncidentState>();
  private queue: Promise<unknown> = Promise.resolve();
  private refs = 0;
  private eventIds = 0;
  /** The options each `withIncident` was called with, in order. */
  readonly works: WorkOptions[] = [];

  constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  /** Puts an incident (and its items and cells) in the store as if it had been created earlier. */
  seed(incident: IncidentRecord, content: { items?: ItemRecord[]; cells?: CellRecord[] } = {}): void {
    this.incidents.set(incident.id, {
      incident: copy(incident),
      items: copy(content.items ?? []),
      cells: copy(content.cells ?? []),
      events: [],
      deliveries: new Set(),
      feedback: [],
    });
  }

  /** Everything stored for one incident (a copy). */
  state(incidentId: string): IncidentState {
    const state = this.incidents.get(incidentId);
    if (!state) throw new Error(`no incident ${incidentId} in the store`);
    return copy(state);
  }

  events(incidentId: string): EventRecord[] {
    return this.state(incidentId).events;
  }

  items(incidentId: string): ItemRecord[] {
    return this.state(incidentId).items;
  }

  cells(incidentId: string): CellRecord[] {
    return this.state(incidentId).cells;
  }

  async create(
    incident: IncidentRecord,
    events: NewEvent[],
  ): Promise<{ incident: IncidentRecord; events: EventRecord[] }> {
    return this.serial(async () => {
      if (this.incidents.has(incident.id)) throw new Error(`incident ${incident.id} exists`);
      if ([...this.incidents.values()].some((s) => s.incident.ref === incident.ref))
        throw new Error(`ref ${incident.ref} is taken (incidents_ref_key)`);
      this.seed(incident);
      const state = this.incidents.get(incident.id)!;
      const appended = this.appendTo(state, events);
      return { incident: copy(state.incident), events: copy(appended) };
    });
  }

  async withIncident<T>(
    incidentId: string,
    work: (tx: IncidentTx) => Promise<T>,
    options: WorkOptions = {},
  ): Promise<T> {
    this.works.push(options);
    return this.serial(async () => {
      const committed = this.incidents.get(incidentId);
      if (!committed) throw new DomainError(ERROR_CODES.NOT_FOUND, 'incident not found');
      const draft = copy(committed);
      const result = await work(
        new InMemoryIncidentTx(draft, this.clock, (state, events) => this.appendTo(state, events)),
      );
      this.incidents.set(incidentId, draft);
      return result;
    });
  }

  async find(incidentId: string): Promise<IncidentRecord | null> {
    const state = this.incidents.get(incidentId);
    return state ? copy(state.incident) : null;
  }

  async findMany(incidentIds: readonly string[]): Promise<IncidentRecord[]> {
    return incidentIds.flatMap((id) => {
      const state = this.incidents.get(id);
      return state ? [copy(state.incident)] : [];
    });
  }

  /** Newest first, as the PostgreSQL store lists them; visibility as in `canSee`. */
  async list(filter: IncidentFilter): Promise<IncidentRecord[]> {
    const { viewer } = filter;
    if (viewer.role === 'admin') return [];
    const all = [...this.incidents.values()].map((s) => s.incident);
    return all
      .filter(
        (i) =>
          viewer.role === 'coordinator' ||
          viewer.role === 'observer' ||
          i.participants.includes(viewer.organisationId),
      )
      .filter((i) => !filter.status || i.status === filter.status)
      .filter((i) => !filter.mode || i.mode === filter.mode)
      .filter((i) => !filter.electionId || i.electionId === filter.electionId)
      .sort(
        (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0),
      )
      .filter(
        (i) =>
          !filter.after ||
          i.createdAt.getTime() < filter.after.createdAt.getTime() ||
          (i.createdAt.getTime() === filter.after.createdAt.getTime() && i.id < filter.after.id),
      )
      .slice(0, filter.limit)
      .map((i) => copy(i));
  }

  async nextRef(mode: IncidentMode, year: number): Promise<string> {
    const n = String(++this.refs).padStart(4, '0');
    return mode === 'exercise' ? `EX-${year}-${n}` : `CH-${year}-${n}`;
  }

  async closedBefore(date: Date): Promise<string[]> {
    return [...this.incidents.values()]
      .map((s) => s.incident)
      .filter((i) => i.closedAt && i.closedAt < date && (i.status === 'closed' || i.status === 'reviewed'))
      .sort((a, b) => a.closedAt!.getTime() - b.closedAt!.getTime())
      .map((i) => i.id);
  }

  /** One work at a time, like works holding the incident's row lock. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Links the events to the log as `hub_append_events` does: next seqs, hash chain, head moved. */
  private appendTo(state: IncidentState, events: NewEvent[]): EventRecord[] {
    const at = this.clock.now();
    const appended: EventRecord[] = [];
    let prevHash = state.events.at(-1)?.hash ?? GENESIS_HASH;
    for (const event of events) {
      const seq = state.incident.lastSeq + 1;
      const content = {
        incidentId: state.incident.id,
        type: event.type,
        actor: event.actor,
        data: event.data,
      };
      const hash = chainHash(prevHash, { ...content, at: at.toISOString(), seq });
      const record: EventRecord = {
        id: String(++this.eventIds),
        incidentId: state.incident.id,
        seq,
        type: event.type,
        at: new Date(at),
        actor: { ...event.actor },
        data: copy(event.data),
        prevHash,
        hash,
      };
      state.events.push(record);
      state.incident = { ...state.incident, lastSeq: seq };
      prevHash = hash;
      appended.push(record);
    }
    return appended;
  }
}

class InMemoryIncidentTx implements IncidentTx {
  /** Federation events applied in this incident (a unit test's store: per incident is enough). */
  private readonly received = new Set<string>();

  constructor(
    private readonly state: IncidentState,
    private readonly clock: Clock,
    private readonly appendTo: (state: IncidentState, events: NewEvent[]) => EventRecord[],
  ) {}

  get incident(): IncidentRecord {
    return this.state.incident;
  }

  /** A new record, as the PostgreSQL store answers: a record read before the change stays as it was. */
  async updateIncident(patch: Partial<IncidentRecord>): Promise<IncidentRecord> {
    const before = this.state.incident;
    const moved = Object.keys(patch).some((key) => CONFIG_FIELDS.has(key));
    this.state.incident = {
      ...before,
      ...copy(patch),
      configVersion: before.configVersion + (moved ? 1 : 0),
      updatedAt: this.clock.now(),
    };
    return this.state.incident;
  }

  async append(events: NewEvent[]): Promise<EventRecord[]> {
    return copy(this.appendTo(this.state, events));
  }

  async findItemsByDedupKeys(keys: string[]): Promise<ItemRecord[]> {
    return copy(this.state.items.filter((i) => keys.includes(i.dedupKey)));
  }

  async findItem(itemId: string): Promise<ItemRecord | null> {
    return copy(this.state.items.find((i) => i.id === itemId) ?? null);
  }

  async findItemsByOriginIds(originItemIds: string[]): Promise<ItemRecord[]> {
    return copy(this.state.items.filter((i) => i.origin && originItemIds.includes(i.origin.id)));
  }

  async recordReceived(entries: { key: string; peerId: string }[]): Promise<string[]> {
    const fresh = entries.filter((e) => !this.received.has(e.key)).map((e) => e.key);
    for (const key of fresh) this.received.add(key);
    return fresh;
  }

  async insertItems(items: ItemRecord[], cells: CellRecord[]): Promise<void> {
    for (const item of items) {
      if (this.state.items.some((i) => i.dedupKey === item.dedupKey))
        throw new Error(`duplicate dedup key ${item.dedupKey} (items_incident_id_dedup_key_key)`);
      // As the PostgreSQL store inserts them: the first reporter only (`ARRAY[rep]`).
      this.state.items.push(copy({ ...item, reporters: item.reporters.slice(0, 1) }));
    }
    await this.insertCells(cells);
  }

  async addReporters(additions: { itemId: string; organisationId: string }[]): Promise<void> {
    for (const { itemId, organisationId } of additions) {
      const item = this.state.items.find((i) => i.id === itemId);
      if (item && !item.reporters.includes(organisationId)) item.reporters.push(organisationId);
    }
  }

  async addTechniques(additions: { itemId: string; techniques: string[] }[]): Promise<void> {
    for (const { itemId, techniques } of additions) {
      const item = this.state.items.find((i) => i.id === itemId);
      if (!item) continue;
      const added = techniques.filter((t) => !item.techniques.includes(t));
      item.techniques = [...item.techniques, ...added].slice(0, LIMITS.techniques);
    }
  }

  async lockCell(itemId: string, platformKey: string): Promise<CellRecord | null> {
    const cell = this.state.cells.find((c) => c.itemId === itemId && c.platformKey === platformKey);
    return copy(cell ?? null);
  }

  async saveCell(cell: CellRecord): Promise<void> {
    const index = this.state.cells.findIndex(
      (c) => c.itemId === cell.itemId && c.platformKey === cell.platformKey,
    );
    if (index >= 0) this.state.cells[index] = copy(cell);
  }

  /** Cells already there are left as they are (`ON CONFLICT DO NOTHING`). */
  async insertCells(cells: CellRecord[]): Promise<void> {
    for (const cell of cells) {
      if (this.state.cells.some((c) => c.itemId === cell.itemId && c.platformKey === cell.platformKey))
        continue;
      this.state.cells.push(copy(cell));
    }
  }

  async itemsConcerningNewPlatform(platformKey: string): Promise<ItemRecord[]> {
    return copy(
      this.state.items.filter((i) => i.kind === 'hash' || i.platformKey === platformKey).sort(byCreation),
    );
  }

  async openCells(): Promise<CellRecord[]> {
    return copy(
      this.state.cells
        .filter((c) => c.actedAt === null)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.itemId.localeCompare(b.itemId)),
    );
  }

  async cellsForItems(itemIds: string[]): Promise<CellRecord[]> {
    return copy(
      this.state.cells
        .filter((c) => itemIds.includes(c.itemId))
        .sort((a, b) => a.platformKey.localeCompare(b.platformKey)),
    );
  }

  async claimDelivery(deliveryId: string, outcome: 'succeeded' | 'failed'): Promise<boolean> {
    const key = `${deliveryId}\n${outcome}`;
    if (this.state.deliveries.has(key)) return false;
    this.state.deliveries.add(key);
    return true;
  }

  async markNotified(itemId: string, platformKey: string, at: Date): Promise<void> {
    const cell = this.state.cells.find((c) => c.itemId === itemId && c.platformKey === platformKey);
    if (cell?.status !== 'pending') return;
    Object.assign(cell, { status: 'notified', notifiedAt: at, updatedAt: at });
  }

  async claimDeliveries(deliveryIds: string[], outcome: 'succeeded' | 'failed'): Promise<string[]> {
    const claimed: string[] = [];
    for (const id of deliveryIds) if (await this.claimDelivery(id, outcome)) claimed.push(id);
    return claimed;
  }

  async markNotifiedMany(itemIds: string[], platformKey: string, at: Date): Promise<void> {
    for (const itemId of itemIds) await this.markNotified(itemId, platformKey, at);
  }

  async shiftOpenDeadlines(ms: number): Promise<number> {
    const later = (d: Date | null) => (d ? new Date(d.getTime() + ms) : d);
    let moved = 0;
    for (const cell of this.state.cells) {
      if (cell.actedAt || (!cell.ackDueAt && !cell.actionDueAt)) continue;
      if (!cell.acknowledgedAt) cell.ackDueAt = later(cell.ackDueAt);
      cell.actionDueAt = later(cell.actionDueAt);
      moved += 1;
    }
    return moved;
  }

  async saveFeedback(feedback: IncidentState['feedback'][number]): Promise<void> {
    const list = this.state.feedback.filter(
      (f) => !(f.itemId === feedback.itemId && f.memberId === feedback.memberId),
    );
    this.state.feedback = [...list, copy(feedback)];
  }

  async setVariantOf(itemId: string, variantOf: string): Promise<void> {
    const item = this.state.items.find((i) => i.id === itemId);
    if (item && item.variantOf === null) item.variantOf = variantOf;
  }

  async purgePersonalMetadata(fields: readonly string[]): Promise<number> {
    let purged = 0;
    for (const item of this.state.items) {
      if (!fields.some((f) => f in item.metadata)) continue;
      for (const f of fields) delete item.metadata[f];
      purged += 1;
    }
    return purged;
  }
}

const byCreation = (a: ItemRecord, b: ItemRecord): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A deep copy of records (plain objects, arrays, Dates, Sets). Not `structuredClone`: under Jest its Dates
 * come from another realm and compare unequal to the test's own.
 */
function copy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof Set) return new Set([...value].map(copy)) as T;
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = copy(inner);
    return out as T;
  }
  return value;
}
