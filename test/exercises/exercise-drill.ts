import { waitFor, type Cast } from '@hub/testing';

/**
 * A drill using every kind of inject: an authority notifies, the coordinator activates, items are shared
 * (one a removal order, one to a platform no real organisation plays), cells are acknowledged and acted
 * upon, messages posted, the level raised, the incident stood down and closed. videoshare acknowledges 4
 * scenario minutes after its share (met), clipcast 40 (missed).
 */
export const DRILL = `
name: Drill with every action
description: A short rehearsal that uses each kind of inject once or more.
category: terrorist_content
level: incident
organisations:
  coord: { kind: coordinator, name: EU coordination }
  be: { kind: authority, country: BE, name: Federal police }
  fi: { kind: authority, country: FI, name: Finnish police }
  videoshare: { kind: platform, name: VideoShare, platformKey: videoshare, domains: [videoshare.example] }
  clipcast: { kind: platform, name: ClipCast, platformKey: clipcast, domains: [clipcast.example] }
  streamhub: { kind: platform, name: StreamHub, platformKey: streamhub, domains: [streamhub.example] }
injects:
  - { at: 0m, by: be, do: activate, title: Drill livestream, summary: A livestream of an attack is spreading. }
  - at: 1m
    by: coord
    do: activate
    title: Drill livestream
    rationale: Perpetrator-produced footage on several services.
    criteria: [an ongoing real-world violent event]
  - at: 2m
    by: be
    do: share
    as: clip1
    item: { kind: url, url: "https://videoshare.example/v/drill1", channel: removal_order, legalReference: "TCO art. 3" }
  - { at: 3m, by: be, do: share, as: clip2, item: { kind: url, url: "https://clipcast.example/c/drill2", channel: referral } }
  - { at: 4m, by: fi, do: share, as: mirror, item: { kind: url, url: "https://streamhub.example/w/drill3", channel: referral } }
  - { at: 6m, by: videoshare, do: contain, item: clip1, status: acknowledged }
  - { at: 8m, by: streamhub, do: contain, item: mirror, status: acknowledged }
  - { at: 10m, by: videoshare, do: contain, item: clip1, status: removed }
  - { at: 12m, by: fi, do: post, text: Mirror reported to streamhub. }
  - { at: 15m, by: coord, do: level, level: crisis }
  - { at: 43m, by: clipcast, do: contain, item: clip2, status: acknowledged }
  - { at: 50m, by: coord, do: stand_down, rationale: Volume has dropped. }
  - { at: 55m, by: coord, do: close, summary: Drill concluded. }
expectations:
  - { platform: videoshare, acknowledgeWithin: 15m }
  - { platform: clipcast, acknowledgeWithin: 15m }
`;
export const DRILL_INJECTS = 13;

/** What the exercise tests ask of the API, as the coordinator of the seeded cast. */
export function exerciseApi(cast: () => Cast) {
  const run = (id: string) =>
    cast()
      .coordinator.api.get(`/exercises/${id}`)
      .then((r) => r.body);
  const eventsOf = async (incidentId: string): Promise<any[]> => {
    const out: any[] = [];
    for (let after = 0; ;) {
      const page = (
        await cast().coordinator.api.get(`/incidents/${incidentId}/events?after=${after}&limit=500`)
      ).body.items as any[];
      out.push(...page);
      if (page.length < 500) return out;
      after = page[page.length - 1].seq;
    }
  };
  const injectCounts = async (incidentId: string): Promise<Map<number, number>> => {
    const counts = new Map<number, number>();
    for (const e of await eventsOf(incidentId)) {
      if (e.type === 'exercise.inject') counts.set(e.data.index, (counts.get(e.data.index) ?? 0) + 1);
    }
    return counts;
  };
  const start = async (scenarioId: string, speed: number) => {
    const res = await cast().coordinator.api.post('/exercises', { scenarioId, speed });
    expect(res.status).toBe(201);
    return res.body;
  };
  const until = (id: string, accept: (r: any) => boolean, what: string, timeoutMs = 30_000) =>
    waitFor(() => run(id), accept, { timeoutMs, intervalMs: 50, what });

  return { run, eventsOf, injectCounts, start, until };
}
