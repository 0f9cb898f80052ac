/**
 * Which id each row of a `PdqIndex` holds, and which row each id is at. Integer ids (bank signals, video
 * frames) live in typed arrays: a `Float64Array` by row and an open-addressing table of rows, 12 bytes a
 * row where a `Map` and an array of boxed ids take ten times that (and a `Map` stops at 2^24 entries).
 * Any other id (a UUID string) falls back to a `Map` and an array.
 */
export interface RowIds<TId> {
  readonly size: number;
  idAt(row: number): TId | undefined;
  rowOf(id: TId): number | undefined;
  /** Records `id` at `row` (the id must not be present). */
  set(id: TId, row: number): void;
  /** Forgets the id; answers the row it was at. */
  delete(id: TId): number | undefined;
  /** Renumbers a live row (compaction moves rows down over removed ones). */
  move(from: number, to: number): void;
  /** Rows at and past `rows` are gone. */
  truncate(rows: number): void;
  /** Room for `rows` rows. */
  reserve(rows: number): void;
  accepts(id: TId): boolean;
}

export class MapRowIds<TId> implements RowIds<TId> {
  private readonly ids: (TId | undefined)[] = [];
  private readonly rows = new Map<TId, number>();

  get size(): number {
    return this.rows.size;
  }

  idAt(row: number): TId | undefined {
    return this.ids[row];
  }

  rowOf(id: TId): number | undefined {
    return this.rows.get(id);
  }

  set(id: TId, row: number): void {
    this.ids[row] = id;
    this.rows.set(id, row);
  }

  delete(id: TId): number | undefined {
    const row = this.rows.get(id);
    if (row === undefined) return undefined;
    this.rows.delete(id);
    this.ids[row] = undefined;
    return row;
  }

  move(from: number, to: number): void {
    const id = this.ids[from] as TId;
    this.ids[to] = id;
    this.ids[from] = undefined;
    this.rows.set(id, to);
  }

  truncate(rows: number): void {
    this.ids.length = Math.min(this.ids.length, rows);
  }

  reserve(): void {}

  accepts(): boolean {
    return true;
  }
}

const EMPTY = 0;
const DELETED = -1;
const TWO_32 = 0x1_0000_0000;

/**
 * Safe integers, 8 bytes a row. While ids arrive in increasing order (a load ordered by id, new signals
 * after it) the rows are sorted by id and found by binary search, with no table at all; the first id out
 * of order builds an open-addressing table of rows (slots hold row + 1; 0: empty, -1: deleted).
 */
export class IntRowIds implements RowIds<number> {
  private ids: Float64Array;
  private present: Uint8Array;
  private rows = 0; // rows [0, rows) have an id, present or not
  private live = 0;
  private sorted = true;
  private slots = new Int32Array(0);
  private mask = 0;
  private shift = 32; // the top bits of the product pick the slot: 32 - log2(slots)
  private used = 0; // live and deleted slots

  constructor(capacity: number) {
    this.ids = new Float64Array(Math.max(16, capacity));
    this.present = new Uint8Array(this.ids.length);
  }

  static accepts(id: unknown): id is number {
    return typeof id === 'number' && Number.isSafeInteger(id);
  }

  get size(): number {
    return this.live;
  }

  accepts(id: number): boolean {
    return IntRowIds.accepts(id);
  }

  idAt(row: number): number | undefined {
    return row < this.rows && this.present[row] === 1 ? this.ids[row] : undefined;
  }

  rowOf(id: number): number | undefined {
    if (this.sorted) {
      const row = this.search(id);
      return row >= 0 && this.present[row] === 1 ? row : undefined;
    }
    const slot = this.find(id);
    return slot < 0 ? undefined : this.slots[slot] - 1;
  }

  set(id: number, row: number): void {
    this.reserve(row + 1);
    if (this.sorted && (row < this.rows || (this.rows > 0 && id <= this.ids[this.rows - 1]))) this.toTable();
    this.ids[row] = id;
    this.present[row] = 1;
    this.rows = Math.max(this.rows, row + 1);
    this.live++;
    if (!this.sorted) this.insert(row);
  }

  delete(id: number): number | undefined {
    if (this.sorted) {
      const row = this.rowOf(id);
      if (row === undefined) return undefined;
      this.present[row] = 0;
      this.live--;
      return row;
    }
    const slot = this.find(id);
    if (slot < 0) return undefined;
    const row = this.slots[slot] - 1;
    this.slots[slot] = DELETED;
    this.present[row] = 0;
    this.live--;
    return row;
  }

  move(from: number, to: number): void {
    const id = this.ids[from];
    if (!this.sorted) this.slots[this.find(id)] = to + 1;
    this.ids[to] = id;
    this.present[to] = 1;
    this.present[from] = 0;
  }

  truncate(rows: number): void {
    if (rows >= this.rows) return;
    this.present.fill(0, rows, this.rows);
    this.rows = rows;
  }

  reserve(rows: number): void {
    if (rows <= this.ids.length) return;
    const capacity = Math.max(rows, Math.ceil(this.ids.length * 1.5));
    const ids = new Float64Array(capacity);
    ids.set(this.ids.subarray(0, this.rows));
    this.ids = ids;
    const present = new Uint8Array(capacity);
    present.set(this.present.subarray(0, this.rows));
    this.present = present;
  }

  /** Every id still present, with its row: what a conversion to `MapRowIds` carries over. */
  *entries(): Generator<[id: number, row: number]> {
    for (let row = 0; row < this.rows; row++) if (this.present[row] === 1) yield [this.ids[row], row];
  }

  /** The row holding `id` among the sorted rows (present or not), or -1. */
  private search(id: number): number {
    // The usual case while loading: an id past the last one, known absent without a search.
    if (this.rows === 0 || id > this.ids[this.rows - 1]) return -1;
    let lo = 0;
    let hi = this.rows - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.ids[mid];
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private toTable(): void {
    this.sorted = false;
    this.rehash(this.live + 1);
  }

  private hash(id: number): number {
    const low = id >>> 0;
    const high = Math.floor(id / TWO_32) | 0;
    return Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
  }

  private find(id: number): number {
    let slot = this.hash(id);
    for (;;) {
      const held = this.slots[slot];
      if (held === EMPTY) return -1;
      if (held > 0 && this.ids[held - 1] === id) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private insert(row: number): void {
    // A rehash takes every present row, this one included.
    if ((this.used + 1) * 10 > this.slots.length * 7) return this.rehash(this.live);
    let slot = this.hash(this.ids[row]);
    while (this.slots[slot] > 0) slot = (slot + 1) & this.mask;
    if (this.slots[slot] === EMPTY) this.used++;
    this.slots[slot] = row + 1;
  }

  /** A table for `live` ids at most half full, holding the present rows, deleted slots dropped. */
  private rehash(live: number): void {
    let size = 16;
    while (size < live * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
    this.used = 0;
    for (let row = 0; row < this.rows; row++) {
      if (this.present[row] === 0) continue;
      let slot = this.hash(this.ids[row]);
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = row + 1;
      this.used++;
    }
  }
}
