import { createServer } from 'node:http';
import { Client } from 'pg';
import { Server } from 'socket.io';

/**
 * The floor: the least any hub could do per share. Inserts one row into PostgreSQL and broadcasts it to the
 * incident's sockets, nothing else. Run by room.bench.ts in its own process.
 */
async function main(): Promise<void> {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  // A connection the server ends would otherwise throw from the client's 'error' event: said, then ended.
  db.on('error', (error) => {
    console.error(`floor server: its database connection ended (${error.message})`);
    process.exit(1);
  });
  await db.connect();
  await db.query('CREATE TABLE IF NOT EXISTS floor_events (id bigserial PRIMARY KEY, room text, body jsonb)');
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const share = JSON.parse(body);
      const { rows } = await db.query('INSERT INTO floor_events (room, body) VALUES ($1, $2) RETURNING id', [
        share.room,
        body,
      ]);
      io.to(share.room).emit('incident:event', { id: rows[0].id, incidentId: share.room, data: share });
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
