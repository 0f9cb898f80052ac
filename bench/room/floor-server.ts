import { createServer } from 'node:http';
import { Pool } from 'pg';
import { Server } from 'socket.io';

/**
 * The floors: the least any hub could do per share, run by room.bench.ts in a process of its own.
 * `FLOOR_MODE=insert` (the first floor): one INSERT on its own, then a broadcast to the incident's sockets.
 * `FLOOR_MODE=durable`: on a pool of ten connections (as the hub has), BEGIN, INSERT, COMMIT with
 * `synchronous_commit = on` said explicitly (the commit waits for the WAL on disk, as the hub's appends do),
 * and only then the broadcast: what any durable hub must pay per share, the floor the ratios are against.
 */
async function main(): Promise<void> {
  const durable = process.env.FLOOR_MODE === 'durable';
  // The first floor's one connection, as a pool of one: concurrent shares queue for it in the pool, not
  // inside the client (which `pg` deprecates), and still run one after another on the same session.
  const single = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  // A connection the server ends would otherwise throw from the pool's 'error' event: said, then ended.
  single.on('error', (error) => {
    console.error(`floor server: its database connection ended (${error.message})`);
    process.exit(1);
  });
  await single.query(
    'CREATE TABLE IF NOT EXISTS floor_events (id bigserial PRIMARY KEY, room text, body jsonb)',
  );
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  pool.on('connect', (client) => void client.query('SET synchronous_commit = on'));
  const insert = async (room: string, body: string): Promise<string> => {
    if (!durable) {
      const { rows } = await single.query(
        'INSERT INTO floor_events (room, body) VALUES ($1, $2) RETURNING id',
        [room, body],
      );
      return rows[0].id;
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        'INSERT INTO floor_events (room, body) VALUES ($1, $2) RETURNING id',
        [room, body],
      );
      await client.query('COMMIT');
      return rows[0].id as string;
    } finally {
      client.release();
    }
  };
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const share = JSON.parse(body);
      const id = await insert(share.room, body);
      io.to(share.room).emit('incident:event', { id, incidentId: share.room, data: share });
      res.statusCode = 201;
      res.end('{}');
    });
  });
  const io = new Server(http, { serveClient: false });
  io.of('/').on('connection', (socket) => {
    socket.on('join', (room: string, ack: () => void) => {
      void socket.join(room);
      ack();
    });
  });
  http.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
}

void main();
