import { createHash } from 'node:crypto';

/**
 * A statement, or a piece of one, with its parameters: `sql<ItemRow>`SELECT * FROM items WHERE id = ${id}``.
 * Interpolated values become numbered parameters ($1, $2, ...) when the whole statement is rendered; an
 * interpolated `Sql` is inlined with its own parameters, so statements compose from pieces. `Row` is the
 * shape of one row the statement answers (a row type from the feature's `*.rows.ts`), checked where the statement is run.
 */
export class Sql<Row = unknown> {
  /** Never set: carries `Row` so that running the statement answers typed rows. */
  declare readonly row?: Row;

  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
    /** Prepared under this name on each connection: parsed and planned once, not at every run. */
    readonly name?: string,
  ) {}

  /**
   * The same statement, prepared under `name`, or under a name derived from its text when omitted (for
   * statements whose text varies in a few shapes; their rows travel as array parameters).
   */
  prepared(name?: string): Sql<Row> {
    return new Sql(this.strings, this.values, name ?? '');
  }

  /** As node-postgres takes it: the text with $n placeholders, the values in order, and the name if any. */
  toQuery(): { text: string; values: unknown[]; name?: string } {
    const values: unknown[] = [];
    const text = render(this, values);
    if (this.name === undefined) return { text, values };
    return { text, values, name: this.name || derivedName(text) };
  }
}

function render(piece: Sql<unknown>, values: unknown[]): string {
  let text = piece.strings[0];
  for (let i = 0; i < piece.values.length; i++) {
    const value = piece.values[i];
    if (value instanceof Sql) {
      text += render(value, values);
    } else {
      values.push(value);
      text += `$${values.length}`;
    }
    text += piece.strings[i + 1];
  }
  return text;
}

/** Statement names by text: a name per shape, so each connection prepares each shape once. */
const names = new Map<string, string>();

function derivedName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `hub_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size > 200) names.clear();
    names.set(text, name);
  }
  return name;
}

/** The tag: `sql<Row>`...``. */
export function sql<Row = unknown>(strings: TemplateStringsArray, ...values: unknown[]): Sql<Row> {
  return new Sql<Row>(strings, values);
}

/** SQL text written by this code, never input (a column or CTE name chosen from a fixed set). */
sql.raw = (text: string): Sql => new Sql([text], []);

/** Pieces joined by a separator: `sql.join(conditions, ' AND ')`. */
sql.join = (pieces: readonly Sql<unknown>[], separator = ', '): Sql => {
  if (pieces.length === 0) return new Sql([''], []);
  return new Sql(['', ...pieces.slice(1).map(() => separator), ''], pieces);
};

/** Nothing: where an optional piece is left out. */
sql.empty = new Sql([''], []);

/** `WHERE a AND b`, or nothing when there are no conditions. */
sql.where = (conditions: readonly Sql<unknown>[]): Sql =>
  conditions.length ? sql`WHERE ${sql.join(conditions, ' AND ')}` : sql.empty;
