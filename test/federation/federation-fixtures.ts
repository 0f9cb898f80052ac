import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { HUB_OPTIONS } from '@hub/app';
import type { RunningHub } from '@hub/platform';
import { issuePeerToken, startTestHub, waitFor, type ApiClient, type Cast, type TestHub } from '@hub/testing';

/** An address nothing listens on: a peer there is away (its calls are refused at once). */
export const AWAY = 'http://127.0.0.1:9';

/** A hub of its own name on databases of its own, asking its peers every second. */
export function startNamedHub(name: string, env: Record<string, string> = {}): Promise<TestHub> {
  return startTestHub(HUB_OPTIONS, {
    label: `fed_${name.replace(/[^a-z0-9]/g, '')}`,
    env: { HUB_NAME: name, HUB_FEDERATION_PULL_SECONDS: '1', ...env },
  });
}

/** On `hub`, an organisation of kind `hub` standing for `peerName`, and the `peer` token it issues to it. */
export const issue = issuePeerToken;

/** `POST /peers` on `hub`: the peer `name` at `url`, called with `token`. */
export async function register(
  hub: { admin: ApiClient },
  peer: { name: string; url: string; token: string; organisationId: string; exercise?: boolean },
): Promise<string> {
  const res = await hub.admin.post('/peers', { exercise: false, ...peer });
  if (res.status !== 201) throw new Error(`peer ${peer.name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export const declare = async (as: Cast, distribution: unknown, extra: Record<string, unknown> = {}) => {
  const res = await as.coordinator.api.post('/incidents', {
    title: 'Attack livestream spreading',
    summary: 'A livestream of an attack is being re-uploaded across services.',
    category: 'terrorist_content',
    level: 'crisis',
    mode: 'live',
    participants: [as.be.organisation.id],
    platforms: ['videoshare', 'clipcast'],
    distribution,
    ...extra,
  });
  if (res.status !== 201) throw new Error(`incident: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; ref: string; distribution: unknown };
};

export const share = async (as: Cast, incidentId: string, url: string, distribution?: unknown) => {
  const res = await as.be.api.post(`/incidents/${incidentId}/items`, {
    kind: 'url',
    url,
    channel: 'referral',
    ...(distribution !== undefined ? { distribution } : {}),
  });
  if (res.status !== 201) throw new Error(`share ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.item as { id: string };
};

export async function mirrorOf(hub: TestHub, originId: string): Promise<string | undefined> {
  const { rows } = await hub.sql.query(`SELECT id FROM incidents WHERE origin_id = $1`, [originId]);
  return rows[0]?.id;
}

/** Where a planted string shows on a hub: incidents, items, and the log. */
export async function traces(
  hub: TestHub,
  needle: string,
): Promise<{ incidents: number; items: number; events: number }> {
  const like = `%${needle}%`;
  const { rows } = await hub.sql.query(
    `SELECT (SELECT count(*) FROM incidents WHERE title LIKE $1 OR summary LIKE $1)::int AS incidents,
            (SELECT count(*) FROM items WHERE url LIKE $1 OR submitted_url LIKE $1 OR metadata::text LIKE $1)::int AS items,
            (SELECT count(*) FROM incident_events WHERE data::text LIKE $1)::int AS events`,
    [like],
  );
  return rows[0];
}

/** Mirrored items of an origin item on a hub, and the `item.shared` events that brought them. */
export async function copiesOf(
  hub: TestHub,
  originItemId: string,
): Promise<{ items: number; events: number }> {
  const { rows } = await hub.sql.query(
    `SELECT (SELECT count(*) FROM items WHERE origin_item_id = $1)::int AS items,
            (SELECT count(*) FROM incident_events WHERE type = 'item.shared' AND data->'origin'->>'id' = $1::text)::int AS events`,
    [originItemId],
  );
  return rows[0];
}

export async function verifies(hub: TestHub): Promise<void> {
  const verify = await hub.admin.get('/audit/verify');
  expect(verify.status).toBe(200);
  expect(verify.body.ok ?? verify.body.valid).toBe(true);
}

export const until = <T>(
  probe: () => Promise<T> | T,
  accept: (v: T) => boolean,
  what: string,
  timeoutMs = 30_000,
) => waitFor(probe, accept, { what, timeoutMs, intervalMs: 100 });

/**
 * Stops a hub as a kill would: its peers' keep-alive connections are dropped while it closes. (Peers that
 * call every second keep a connection busy, and a closing HTTP server waits for its connections to end.)
 */
export async function stopHub(hub: RunningHub): Promise<void> {
  const server = (hub.app as INestApplication).getHttpServer() as Server;
  const closing = hub.close();
  const timer = setInterval(() => server.closeAllConnections(), 50);
  try {
    await closing;
  } finally {
    clearInterval(timer);
  }
}

/** Closes hubs one after the other (stopped as above, then their databases dropped). */
export async function closeAll(hubs: (TestHub | undefined)[]): Promise<void> {
  for (const hub of hubs) {
    if (!hub) continue;
    const started = Date.now();
    await stopHub(hub.hub);
    await hub.close();
    if (process.env.FED_TIMING)
      console.log(`closed ${hub.hub.config.HUB_NAME} in ${Date.now() - started} ms`);
  }
}
