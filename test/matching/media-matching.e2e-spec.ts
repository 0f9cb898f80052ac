import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HUB_OPTIONS } from '@hub/app';
import { RoomClient } from '@hub/client';
import { MatchItemUseCase } from '@hub/domain';
import { LIMITS, type EventView } from '@hub/contracts';
import { declareIncident, startTestHub, waitFor, type Cast, type TestHub } from '@hub/testing';

/**
 * Real hashes of real media, matched through the whole hub: the share, the relay's matching job, the
 * `item.matched` events in the log and in the room, and `POST /hashes/match`.
 *
 * Meta's "bridge" picture and its copy rotated by 90 degrees, as Meta's C++ pdq-photo-hasher hashes their
 * lossless PNGs, and Meta's sample video's frame hashes (test/fixtures/media/vpdq): from ThreatExchange
 * (commit baefb4e), BSD licence, Copyright (c) Meta Platforms, Inc. and affiliates (the notice:
 * test/fixtures/media/vpdq/NOTICE).
 */
const BRIDGE_ORIGINAL = 'd8f8f0cee0f4a84f06370222078f67f0b36e2ed596621e1d33e6b39c4e9c9b22';
const BRIDGE_ROTATE_90 = '30a10efdf1c83f429013d48d0ffffc52e34e0e35ada952a9d29605215aa9e5af';

interface Frame {
  frame: number;
  quality: number;
  hash: string;
  seconds: number;
}
const video = (name: string): Frame[] =>
  readFileSync(join(__dirname, '../fixtures/media/vpdq', `${name}.txt`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [frame, quality, hash, seconds] = line.split(',');
      return { frame: Number(frame), quality: Number(quality), hash, seconds: Number(seconds) };
    });

describe('matching real pictures and videos', () => {
  let t: TestHub;
  let as: Cast;
  let first: any;
  let second: any;
  const clients: RoomClient[] = [];
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'media_matching' });
    as = await t.seed();
    first = await declareIncident(as, { participants: ['be', 'videoshare'], title: 'First wave' });
    second = await declareIncident(as, { participants: ['be', 'fr'], title: 'Second wave' });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await t?.close();
  });

  const share = (who: string, incidentId: string, hash: object) =>
    as[who].api.post(`/incidents/${incidentId}/items`, { kind: 'hash', hash, channel: 'alert' });
  const shared = async (who: string, incidentId: string, hash: object) => {
    const res = await share(who, incidentId, hash);
    expect(res.status).toBe(201);
    return res.body.item;
  };
  const match = (who: string, body: object) => as[who].api.post('/hashes/match', body);
  const events = async (incidentId: string): Promise<EventView[]> =>
    (await as.coordinator.api.get(`/incidents/${incidentId}/events?limit=500`)).body.items;
  const matchedEvents = async (incidentId: string, itemId: string): Promise<any[]> =>
    (await events(incidentId))
      .filter((e) => e.type === 'item.matched' && e.data.itemId === itemId)
      .map((e) => e.data);
  /**
   * What the relay's matching job does for an item's `item.shared`, run here and awaited so that each
   * share is indexed before the next (the job in the background may run too: a repeat appends nothing).
   */
  const runJob = async (item: any): Promise<string> => {
    const share = (await events(item.incidentId)).find(
      (e) => e.type === 'item.shared' && e.data.itemId === item.id,
    );
    const job = { eventId: share!.id, incidentId: item.incidentId, itemId: item.id };
    return t.hub.app.get(MatchItemUseCase).execute(job);
  };

  describe('a rotated re-upload', () => {
    let original: any;
    let rotated: any;

    it('matches the original shared earlier, in both incidents and in the room, naming the turn', async () => {
      const room = new RoomClient({ url: t.url, token: as.be.token });
      clients.push(room);
      const pushed: EventView[] = [];
      room.onEvent((e) => pushed.push(e));
      await room.connected();
      await room.join(second.id);

      original = await shared('be', first.id, { algorithm: 'pdq', value: BRIDGE_ORIGINAL, quality: 100 });
      await runJob(original);
      rotated = await shared('be', second.id, { algorithm: 'pdq', value: BRIDGE_ROTATE_90, quality: 100 });
      await expect(runJob(rotated)).resolves.toBe('matched');

      const [mine] = await matchedEvents(second.id, rotated.id);
      expect(mine).toMatchObject({
        itemId: rotated.id,
        matchedItemId: original.id,
        matchedIncidentId: first.id,
        transform: 'rotate90',
      });
      expect(mine.distance).toBeLessThanOrEqual(31);
      const [theirs] = await matchedEvents(first.id, original.id);
      expect(theirs).toEqual({
        ...mine,
        itemId: original.id,
        matchedItemId: rotated.id,
        matchedIncidentId: second.id,
        transform: 'rotate270',
      });
      const inRoom = await waitFor(() => pushed.find((e) => e.type === 'item.matched'), Boolean, {
        what: 'item.matched pushed to the room',
      });
      expect(inRoom!.data).toEqual(mine);
    });

    it('is found by /hashes/match with the turn named', async () => {
      const res = await match('be', { algorithm: 'pdq', value: BRIDGE_ROTATE_90 });
      expect(res.status).toBe(200);
      expect(res.body.matches).toEqual([
        { incidentId: second.id, itemId: rotated.id, algorithm: 'pdq', distance: 0, transform: 'original' },
        expect.objectContaining({ incidentId: first.id, itemId: original.id, transform: 'rotate90' }),
      ]);
    });
  });

  describe('videos', () => {
    const chair = video('chair-19-sd-bar');
    // The same video hashed at every other frame: 85% of the video's distinct frames are near one of
    // the copy's (at one frame a second only 19% are, too few for Meta's 80% both ways).
    const everyOther = chair.filter((f) => f.frame % 2 === 0);
    const still = chair[300];
    let clip: any;

    it('shares a video as its frames, answered as frames, once however often it is shared', async () => {
      const res = await share('be', first.id, { algorithm: 'vpdq', frames: chair });
      expect(res.status).toBe(201);
      clip = res.body.item;
      expect(clip.hash).toEqual({ algorithm: 'vpdq', frames: chair });
      const again = await share('videoshare', first.id, {
        algorithm: 'vpdq',
        frames: [...chair].reverse().map((f) => ({ ...f, hash: f.hash.toUpperCase() })),
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ duplicate: true, item: { id: clip.id } });
      const listed = await as.be.api.get(`/incidents/${first.id}/items/${clip.id}`);
      expect(listed.body.hash.frames).toHaveLength(chair.length);
      // The event stays small: the frames are counted, not copied.
      const events = await as.be.api.get(`/incidents/${first.id}/events?limit=500`);
      const event = events.body.items.find((e: any) => e.type === 'item.shared' && e.data.itemId === clip.id);
      expect(event.data.hash).toEqual({
        algorithm: 'vpdq',
        frameCount: chair.length,
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
        quality: null,
      });
      await runJob(clip);
    });

    it('matches a picture of one of its frames, naming the frame', async () => {
      const picture = await shared('be', second.id, { algorithm: 'pdq', value: still.hash, quality: 100 });
      await expect(runJob(picture)).resolves.toBe('matched');
      const [mine] = await matchedEvents(second.id, picture.id);
      expect(mine).toMatchObject({
        matchedItemId: clip.id,
        matchedIncidentId: first.id,
        distance: 0,
        transform: 'original',
      });
      expect(chair.find((f) => f.frame === mine.frame)?.hash).toBe(still.hash);
      const [theirs] = await matchedEvents(first.id, clip.id);
      expect(theirs).toMatchObject({ matchedItemId: picture.id, frame: mine.frame, seconds: mine.seconds });
    });

    it('matches a copy hashed at every other frame, by its share of frames both ways', async () => {
      const copy = await shared('be', second.id, { algorithm: 'vpdq', frames: everyOther });
      await expect(runJob(copy)).resolves.toBe('matched');
      const mine = (await matchedEvents(second.id, copy.id)).find((e) => e.matchedItemId === clip.id);
      expect(mine).toEqual({
        itemId: copy.id,
        matchedItemId: clip.id,
        matchedIncidentId: first.id,
        queryMatchPercent: 100,
        comparedMatchPercent: expect.any(Number),
        triggeredBy: expect.any(String),
      });
      expect(mine.comparedMatchPercent).toBeGreaterThanOrEqual(80);
      const theirs = (await matchedEvents(first.id, clip.id)).find((e) => e.matchedItemId === copy.id);
      expect(theirs).toMatchObject({
        queryMatchPercent: mine.comparedMatchPercent,
        comparedMatchPercent: 100,
      });
    });

    it('is found by /hashes/match from frames, and an unrelated video finds nothing of it', async () => {
      const res = await match('be', { algorithm: 'vpdq', frames: everyOther });
      expect(res.status).toBe(200);
      expect(res.body.matches).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ itemId: clip.id, algorithm: 'vpdq', queryMatchPercent: 100 }),
          expect.objectContaining({
            algorithm: 'pdq',
            distance: expect.any(Number),
            frame: expect.any(Number),
          }),
        ]),
      );
      const byPicture = await match('be', { algorithm: 'pdq', value: still.hash });
      expect(byPicture.body.matches).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            itemId: clip.id,
            algorithm: 'vpdq',
            distance: 0,
            frame: expect.any(Number),
          }),
        ]),
      );
      const other = await match('be', { algorithm: 'vpdq', frames: video('doorknob-hd-no-bar') });
      expect(other.body.matches.map((m: any) => m.itemId)).not.toContain(clip.id);
      // fr takes part in the second incident only.
      const fr = await match('fr', { algorithm: 'vpdq', frames: everyOther });
      expect(fr.body.matches.map((m: any) => m.incidentId)).not.toContain(first.id);
    });
  });

  describe('bad vPDQ bodies', () => {
    const good = { frame: 0, quality: 100, hash: BRIDGE_ORIGINAL, seconds: 0 };
    const refused = async (res: any, field: string) => {
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: any) => d.field)).toContain(field);
      expect(res.body.message).toContain(field);
    };

    it.each([
      [
        'a hash that is not hex',
        { algorithm: 'vpdq', frames: [{ ...good, hash: 'z'.repeat(64) }] },
        'hash.frames.0.hash',
      ],
      [
        'a short hash',
        { algorithm: 'vpdq', frames: [good, { ...good, frame: 1, hash: 'abc' }] },
        'hash.frames.1.hash',
      ],
      [
        'a quality over 100',
        { algorithm: 'vpdq', frames: [{ ...good, quality: 101 }] },
        'hash.frames.0.quality',
      ],
      ['a negative frame', { algorithm: 'vpdq', frames: [{ ...good, frame: -1 }] }, 'hash.frames.0.frame'],
      [
        'seconds as text',
        { algorithm: 'vpdq', frames: [{ ...good, seconds: '1' }] },
        'hash.frames.0.seconds',
      ],
      ['an unknown field', { algorithm: 'vpdq', frames: [{ ...good, extra: 1 }] }, 'hash.frames.0.extra'],
      ['no frames', { algorithm: 'vpdq', frames: [] }, 'hash.frames'],
      ['frames that are not a list', { algorithm: 'vpdq', frames: 'x' }, 'hash.frames'],
      ['a frame number twice', { algorithm: 'vpdq', frames: [good, good] }, 'hash.frames'],
      ['frames and a value', { algorithm: 'vpdq', frames: [good], value: 'abc' }, 'hash.value'],
      ['frames on a pdq hash', { algorithm: 'pdq', value: BRIDGE_ORIGINAL, frames: [good] }, 'hash.frames'],
      ['neither frames nor a value', { algorithm: 'vpdq' }, 'hash.value'],
    ])('refuses %s with 400 naming the field', async (_what, hash, field) => {
      await refused(await share('be', first.id, hash), field);
    });

    it('refuses more than 15,000 frames by name, within the body limit', async () => {
      const frames = Array.from({ length: 15_001 }, (_, i) => ({ ...good, frame: i, quality: 0 }));
      expect(JSON.stringify(frames).length).toBeLessThan(LIMITS.bodyBytes);
      await refused(await share('be', first.id, { algorithm: 'vpdq', frames }), 'hash.frames');
    });

    it('answers a bad entry of a bulk share alone', async () => {
      const res = await as.be.api.post(`/incidents/${first.id}/items/bulk`, {
        items: [
          {
            kind: 'hash',
            hash: { algorithm: 'vpdq', frames: [{ ...good, hash: 'nope' }] },
            channel: 'alert',
          },
          {
            kind: 'hash',
            hash: { algorithm: 'vpdq', frames: video('doorknob-hd-no-bar') },
            channel: 'alert',
          },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.results[0]).toMatchObject({ index: 0, status: 400 });
      expect(res.body.results[0].error.details.map((d: any) => d.field)).toContain('hash.frames.0.hash');
      expect(res.body.results[1]).toMatchObject({
        index: 1,
        status: 201,
        item: { hash: { algorithm: 'vpdq' } },
      });
    });

    it('refuses a vPDQ match without frames, or with bad ones', async () => {
      await refused(await match('be', { algorithm: 'vpdq' }), 'frames');
      await refused(
        await match('be', { algorithm: 'vpdq', frames: [{ ...good, quality: -1 }] }),
        'frames.0.quality',
      );
    });
  });
});
