import { useEffect, useRef, useState } from 'preact/hooks';
import type { EventView, PresenceView } from '@hub/contracts';
import type { Session } from '../session';
import { nextConnection, type ConnectionState } from './connection';
import { applyEvent, initialState, type Refetch, type RoomState } from './incident-state';

/** How many past events the timeline starts with. */
const TIMELINE_START = 100;
/** Live events are rendered in batches at most this often. */
const RENDER_MS = 50;

export interface LiveRoom {
  state: RoomState | null;
  presence: PresenceView['members'];
  error: Error | null;
  /** Events that arrived live (not from the snapshot), for cues such as a new item in a queue. */
  onLive(listener: (event: EventView) => void): () => void;
}

/**
 * One incident, live: a REST snapshot (incident, items, recent events) taken at seq L, then the room
 * joined from L so every later event is applied exactly once and in order. The room client heals gaps and
 * reconnects by rejoining from the last seq it delivered.
 */
export function useIncidentRoom(session: Session, incidentId: string): LiveRoom {
  const { api, room } = session;
  const [state, setState] = useState<RoomState | null>(null);
  const [presence, setPresence] = useState<PresenceView['members']>([]);
  const [error, setError] = useState<Error | null>(null);
  const liveListeners = useRef(new Set<(event: EventView) => void>());

  useEffect(() => {
    let alive = true;
    let current: RoomState | null = null;
    const early: EventView[] = [];
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    const pending = new Set<Refetch>();

    // Events are applied as they come, and rendered at most every RENDER_MS: a burst of shares is one render.
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const commit = (next: RoomState) => {
      current = next;
      flushTimer ??= setTimeout(() => {
        flushTimer = undefined;
        if (alive) setState(current);
      }, RENDER_MS);
    };
    const refetch = () => {
      const what = new Set(pending);
      pending.clear();
      void (async () => {
        try {
          const incident = what.size ? await api.incident(incidentId) : null;
          const items = what.has('items') ? await api.allItems(incidentId) : null;
          if (!current) return;
          commit({
            ...current,
            incident: incident ? { ...incident, lastSeq: current.lastSeq } : current.incident,
            items: items ?? current.items,
          });
        } catch (e) {
          if (alive) setError(e as Error);
        }
      })();
    };
    const apply = (event: EventView) => {
      if (!current) return;
      const { state: next, refetch: need } = applyEvent(current, event);
      if (next !== current) commit(next);
      if (need) {
        pending.add(need);
        clearTimeout(refetchTimer);
        refetchTimer = setTimeout(refetch, 150);
      }
    };
    const offEvent = room.onEvent((event) => {
      if (event.incidentId !== incidentId) return;
      if (!current) early.push(event);
      else {
        apply(event);
        for (const listener of liveListeners.current) listener(event);
      }
    });
    const offPresence = room.onPresence((p) => {
      if (p.incidentId === incidentId && alive) setPresence(p.members);
    });

    void (async () => {
      try {
        const incident = await api.incident(incidentId);
        const [items, recent] = await Promise.all([
          api.allItems(incidentId),
          api.events(incidentId, Math.max(0, incident.lastSeq - TIMELINE_START), TIMELINE_START),
        ]);
        if (!alive) return;
        commit(initialState(incident, items, recent.items));
        for (const event of early.splice(0)) apply(event);
        await room.join(incidentId, incident.lastSeq);
      } catch (e) {
        if (alive) setError(e as Error);
      }
    })();

    return () => {
      alive = false;
      clearTimeout(refetchTimer);
      clearTimeout(flushTimer);
      offEvent();
      offPresence();
      void room.leave(incidentId).catch(() => undefined);
    };
  }, [incidentId]);

  return {
    state,
    presence,
    error,
    onLive: (listener) => {
      liveListeners.current.add(listener);
      return () => liveListeners.current.delete(listener);
    },
  };
}

/** The current time, ticking every `ms` while the view is mounted: deadlines count down with it. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** The room socket's state for the top bar; the room client rejoins by itself after a reconnect. */
export function useConnection(room: Session['room']): ConnectionState {
  const [state, setState] = useState<ConnectionState>(room.socket.connected ? 'live' : 'connecting');
  useEffect(() => {
    const on = (signal: 'connect' | 'disconnect' | 'connect_error') => () =>
      setState((current) => nextConnection(current, signal));
    const handlers = (['connect', 'disconnect', 'connect_error'] as const).map((s) => [s, on(s)] as const);
    for (const [signal, handler] of handlers) room.socket.on(signal, handler);
    // Connected between the first render and this effect: no signal will come for it.
    if (room.socket.connected) setState('live');
    return () => {
      for (const [signal, handler] of handlers) room.socket.off(signal, handler);
    };
  }, [room]);
  return state;
}
