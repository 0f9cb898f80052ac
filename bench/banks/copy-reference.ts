import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { Client } from 'pg';
import type { Socket } from 'node:net';

/** What `pg` hands a query object that drives its own protocol messages (as its cursor and streams do). */
interface CopyConnection {
  stream: Socket;
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

/** `COPY … FROM STDIN` fed from a file, as a query object of `pg` (no copy library needed for one bench). */
class CopyFromFile {
  private error: Error | null = null;
  private settle!: { resolve: () => void; reject: (error: Error) => void };
  readonly done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(
    private readonly text: string,
    private readonly path: string,
  ) {}

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    void this.send(connection);
  }

  private async send(connection: CopyConnection): Promise<void> {
    try {
      for await (const chunk of createReadStream(this.path, { highWaterMark: 1 << 20 })) {
        connection.sendCopyFromChunk(chunk as Buffer);
        if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
      }
      connection.endCopyFrom();
    } catch (error) {
      connection.sendCopyFail(String(error));
    }
  }

  handleCommandComplete(): void {}

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve();
  }
}

/**
 * The import's same-run reference: the bench file's lines sent by `COPY` into a bare unlogged table (no
 * index, no key, no parsing beyond the two fields), on one connection. What PostgreSQL takes for the rows
 * alone at that minute; the import's rate over it is what compares between runs on a busy machine.
 */
export async function copyReference(databaseUrl: string, path: string, lines: number) {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('DROP TABLE IF EXISTS copy_reference');
    await db.query('CREATE UNLOGGED TABLE copy_reference (algorithm text, value text)');
    const copy = new CopyFromFile(`COPY copy_reference FROM STDIN (DELIMITER ' ')`, path);
    const t0 = performance.now();
    void db.query(copy as never);
    await copy.done;
    const seconds = (performance.now() - t0) / 1000;
    await db.query('DROP TABLE copy_reference');
    return { seconds, rowsPerSecond: Math.round(lines / seconds) };
  } finally {
    await db.end();
  }
}
