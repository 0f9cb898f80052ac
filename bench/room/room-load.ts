import { RoomClient } from '@hub/client';
import type { BenchHub } from '../lib/bench-hub';

/**
 * Load (a) and (b)'s room, shared by bench/room and bench/soak: live crisis incidents with two authorities
 * and a platform taking part, and sockets spread over them, each joined to its incident.
 */
export async function openIncidents(
  hub: BenchHub,
  count: number,
  options: { title: string; moreParticipants?: string[] },
): Promise<string[]> {
  const { cast } = hub;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await cast.coordinator.api.post('/incidents', {
      title: `${options.title} ${i}`,
      summary: 's',
      category: 'terrorist_content',
      level: 'crisis',
      mode: 'live',
      participants: [
        cast.be.organisation.id,
        cast.fr.organisation.id,
        cast.videoshare.organisation.id,
        ...(options.moreParticipants ?? []),
      ],
      platforms: [],
    });
    if (res.status !== 201) throw new Error(`incident ${res.status}`);
    ids.push(res.body.id);
  }
  return ids;
}

export interface RoomSockets {
  clients: RoomClient[];
  /** Sockets joined per incident: the receipts each share to it should bring. */
  perIncident: Map<string, number>;
  /** Events a socket received with a lower `seq` than one before. */
  outOfOrder(): number;
  close(): void;
}

/**
 * `sockets` sockets, round-robin over the incidents and over the cast's members (coordinator, two
 * authorities, a liaison, an observer), each joined to its incident; `onShared` sees every `item.shared`
 * receipt with the item's URL.
 */
export async function joinRoomSockets(
  hub: BenchHub,
  incidents: string[],
  sockets: number,
  onShared: (url: string) => void,
): Promise<RoomSockets> {
  const { cast } = hub;
  const tokens = [cast.coordinator, cast.be, cast.fr, cast.videoshare, cast.observer].map((m) => m.token);
  const clients: RoomClient[] = [];
  const perIncident = new Map<string, number>();
  let outOfOrder = 0;
  for (let s = 0; s < sockets; s++) {
    const incidentId = incidents[s % incidents.length];
    const client = new RoomClient({
      url: hub.url,
      token: tokens[s % tokens.length],
      socketOptions: { forceNew: true },
    });
    clients.push(client);
    let last = 0;
    client.socket.on('incident:event', (e) => {
      if (e.seq < last) outOfOrder += 1;
      last = Math.max(last, e.seq);
    });
    client.onEvent((e) => {
      const url = (e.data as { url?: string }).url;
      if (e.type === 'item.shared' && url) onShared(url);
    });
    await client.connected();
    await client.join(incidentId);
    perIncident.set(incidentId, (perIncident.get(incidentId) ?? 0) + 1);
  }
  return {
    clients,
    perIncident,
    outOfOrder: () => outOfOrder,
    close: () => clients.forEach((c) => c.close()),
  };
}
