import { HUB_OPTIONS } from '@hub/app';
import { startTestHub, type ApiClient, type Cast, type TestHub } from '@hub/testing';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

/** An organisation of a flagger kind with one flagger member. */
async function flaggerOrg(t: TestHub, name: string, kind = 'party') {
  const org = await t.admin.post('/organisations', { name, kind });
  expect(org.status).toBe(201);
  const member = await t.admin.post(`/organisations/${org.body.id}/members`, {
    displayName: `${name} desk`,
    role: 'flagger',
  });
  expect(member.status).toBe(201);
  return {
    organisation: org.body,
    memberId: member.body.member.id as string,
    api: t.client(member.body.token),
  };
}

describe('elections', () => {
  let t: TestHub;
  let as: Cast;
  let partyA: { organisation: any; api: ApiClient };
  let partyB: { organisation: any; api: ApiClient };
  beforeAll(async () => {
    t = await startTestHub(HUB_OPTIONS, { label: 'elections' });
    as = await t.seed();
    partyA = await flaggerOrg(t, 'Party A');
    partyB = await flaggerOrg(t, 'Fact checkers B', 'fact_checker');
  });
  afterAll(() => t?.close());

  const count = async (table: string) =>
    Number((await t.sql.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  /** An election whose window is `from`..`until` days from now. */
  const election = (from: number, until: number, extra: object = {}) => {
    const now = Date.now();
    return {
      name: 'Parliamentary elections',
      country: 'BE',
      votingDays: [day(now + ((from + until) / 2) * DAY)],
      activeFrom: iso(now + from * DAY),
      activeUntil: iso(now + until * DAY),
      languages: ['nl', 'fr'],
      participants: [partyA.organisation.id, partyB.organisation.id, as.be.organisation.id],
      platforms: ['videoshare'],
      ...extra,
    };
  };
  const create = async (from: number, until: number, extra: object = {}) => {
    const res = await as.coordinator.api.post('/elections', election(from, until, extra));
    expect(res.status).toBe(201);
    return res.body;
  };

  it('a coordinator opens an election; its status comes from the clock', async () => {
    const before = await count('elections');
    const res = await as.coordinator.api.post('/elections', election(-10, 20));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Parliamentary elections',
      country: 'BE',
      languages: ['nl', 'fr'],
      platforms: ['videoshare'],
      status: 'active',
      extensions: [],
    });
    // A platform named brings its organisation, so its liaison sees the election.
    expect(res.body.participants).toEqual(
      expect.arrayContaining([partyA.organisation.id, partyB.organisation.id, as.videoshare.organisation.id]),
    );
    expect(await count('elections')).toBe(before + 1);
    expect((await create(5, 30)).status).toBe('scheduled');
    expect((await create(-40, -5)).status).toBe('ended');
    expect((await t.admin.post('/elections', election(0, 10))).status).toBe(201);
  });

  it('refuses a window over 90 days, voting days outside it, unknown participants and platforms', async () => {
    const before = await count('elections');
    const long = await as.coordinator.api.post('/elections', election(0, 91));
    expect(long.status).toBe(400);
    expect(long.body.details).toEqual([expect.objectContaining({ field: 'activeUntil' })]);
    const outside = await as.coordinator.api.post(
      '/elections',
      election(0, 10, { votingDays: [day(Date.now() + 20 * DAY)] }),
    );
    expect(outside.status).toBe(400);
    expect(outside.body.details[0].field).toBe('votingDays');
    const badDay = await as.coordinator.api.post(
      '/elections',
      election(0, 10, { votingDays: ['2026-02-30'] }),
    );
    expect(badDay.status).toBe(400);
    expect(badDay.body.details[0].field).toBe('votingDays');
    const reversed = await as.coordinator.api.post('/elections', election(10, 0));
    expect(reversed.body.details[0].field).toBe('activeUntil');
    const unknownOrg = await as.coordinator.api.post(
      '/elections',
      election(0, 10, { participants: ['00000000-0000-4000-8000-000000000000'] }),
    );
    expect(unknownOrg.status).toBe(400);
    expect(unknownOrg.body.details[0].field).toBe('participants');
    const unknownPlatform = await as.coordinator.api.post(
      '/elections',
      election(0, 10, { platforms: ['nowhere'] }),
    );
    expect(unknownPlatform.status).toBe(400);
    expect(unknownPlatform.body.details[0].field).toBe('platforms');
    const noName = await as.coordinator.api.post('/elections', election(0, 10, { name: '' }));
    expect(noName.body.details[0].field).toBe('name');
    expect((await as.be.api.post('/elections', election(0, 10))).status).toBe(403);
    expect((await partyA.api.post('/elections', election(0, 10))).status).toBe(403);
    expect(await count('elections')).toBe(before);
  });

  it('shows elections to their participants, coordinators, observers and admins only', async () => {
    const e = await create(-1, 10, { participants: [partyA.organisation.id], platforms: [] });
    for (const who of [as.coordinator.api, as.observer.api, t.admin, partyA.api]) {
      expect((await who.get(`/elections/${e.id}`)).status).toBe(200);
      expect((await who.get('/elections')).body.items.map((x: any) => x.id)).toContain(e.id);
    }
    for (const who of [partyB.api, as.fr.api, as.clipcast.api]) {
      expect((await who.get(`/elections/${e.id}`)).status).toBe(404);
      expect((await who.get('/elections')).body.items.map((x: any) => x.id)).not.toContain(e.id);
    }
    expect((await as.coordinator.api.get('/elections/not-a-uuid')).status).toBe(400);
    const ended = (await as.coordinator.api.get('/elections?status=ended')).body.items;
    expect(ended.length).toBeGreaterThan(0);
    expect(ended.every((x: any) => x.status === 'ended')).toBe(true);
    const page = await as.coordinator.api.get('/elections?limit=1');
    expect(page.body.items).toHaveLength(1);
    const second = await as.coordinator.api.get(`/elections?limit=1&after=${page.body.next}`);
    expect(second.body.items[0].id).not.toBe(page.body.items[0].id);
  });

  it('extends only with a reason, records each extension, and reopens an ended election', async () => {
    const e = await create(-40, -1);
    expect(e.status).toBe('ended');
    const extend = (body: object) => as.coordinator.api.post(`/elections/${e.id}/extend`, body);
    const until = iso(Date.now() + 5 * DAY);
    const noReason = await extend({ until });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0].field).toBe('reason');
    const blank = await extend({ until, reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.details[0].field).toBe('reason');
    const earlier = await extend({ until: iso(Date.now() - 30 * DAY), reason: 'Recount' });
    expect(earlier.body.details[0].field).toBe('until');
    const tooFar = await extend({
      until: iso(new Date(e.activeUntil).getTime() + 91 * DAY),
      reason: 'Run-off',
    });
    expect(tooFar.body.details[0].field).toBe('until');
    expect((await as.be.api.post(`/elections/${e.id}/extend`, { until, reason: 'x' })).status).toBe(403);
    expect(
      Number(
        (await t.sql.query('SELECT count(*) FROM election_extensions WHERE election_id = $1', [e.id])).rows[0]
          .count,
      ),
    ).toBe(0);

    const res = await extend({ until, reason: 'Run-off announced' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', activeUntil: until });
    expect(res.body.extensions).toEqual([
      {
        previousUntil: e.activeUntil,
        until,
        reason: 'Run-off announced',
        by: { memberId: as.coordinator.memberId, organisationId: as.coordinator.organisation.id },
        at: expect.any(String),
      },
    ]);
    // Beyond 90 days in all, through recorded steps.
    const later = iso(Date.now() + 60 * DAY);
    const again = await extend({ until: later, reason: 'Second round postponed' });
    expect(again.body.extensions.map((x: any) => x.reason)).toEqual([
      'Run-off announced',
      'Second round postponed',
    ]);
    const rows = await t.sql.query(
      'SELECT reason, member_id FROM election_extensions WHERE election_id = $1 ORDER BY at',
      [e.id],
    );
    expect(rows.rows).toEqual([
      { reason: 'Run-off announced', member_id: as.coordinator.memberId },
      { reason: 'Second round postponed', member_id: as.coordinator.memberId },
    ]);
    expect((await as.coordinator.api.get(`/elections/${e.id}`)).body.activeUntil).toBe(later);
  });

  describe('incidents under an election', () => {
    const declare = (api: ApiClient, extra: object) =>
      api.post('/incidents', {
        title: 'Deepfake of a candidate',
        summary: 'A forged video of a candidate is spreading',
        category: 'election_integrity',
        level: 'incident',
        mode: 'live',
        participants: [],
        platforms: [],
        ...extra,
      });

    it('takes the election’s participants and platforms, and lists by election', async () => {
      const e = await create(-1, 10);
      const res = await declare(as.coordinator.api, {
        electionId: e.id,
        participants: [as.fr.organisation.id],
        platforms: ['clipcast'],
      });
      expect(res.status).toBe(201);
      expect(res.body.electionId).toBe(e.id);
      expect(res.body.platforms.sort()).toEqual(['clipcast', 'videoshare']);
      expect(res.body.participants).toEqual(
        expect.arrayContaining([...e.participants, as.fr.organisation.id, as.coordinator.organisation.id]),
      );
      const row = await t.sql.query('SELECT election_id FROM incidents WHERE id = $1', [res.body.id]);
      expect(row.rows[0].election_id).toBe(e.id);
      expect((await as.coordinator.api.get(`/incidents/${res.body.id}`)).body.electionId).toBe(e.id);
      const other = await declare(as.coordinator.api, {});
      expect(other.body.electionId).toBeUndefined();
      const listed = (await as.coordinator.api.get(`/incidents?electionId=${e.id}`)).body.items;
      expect(listed.map((i: any) => i.id)).toEqual([res.body.id]);
    });

    it('a flagger declares under an election: the incident is assessed, as an authority’s is', async () => {
      const e = await create(-1, 10);
      const res = await declare(partyA.api, { electionId: e.id });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('assessing');
      const events = (await as.coordinator.api.get(`/incidents/${res.body.id}/events`)).body.items;
      expect(events.map((x: any) => x.type)).toEqual(['incident.notified']);
      expect(events[0].data.electionId).toBe(e.id);
      expect((await partyA.api.get(`/incidents/${res.body.id}`)).status).toBe(200);
      const activated = await as.coordinator.api.post(`/incidents/${res.body.id}/activate`, {});
      expect(activated.body.status).toBe('active');
    });

    it('refuses an election outside its window (409), unknown or not visible (404), naming electionId', async () => {
      const before = await count('incidents');
      const scheduled = await create(3, 10);
      const ended = await create(-20, -3);
      for (const e of [scheduled, ended]) {
        const res = await declare(as.coordinator.api, { electionId: e.id });
        expect(res.status).toBe(409);
        expect(res.body.details[0].field).toBe('electionId');
      }
      const unknown = await declare(as.coordinator.api, {
        electionId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.details[0].field).toBe('electionId');
      const theirs = await create(-1, 10, { participants: [partyB.organisation.id], platforms: [] });
      const invisible = await declare(partyA.api, { electionId: theirs.id });
      expect(invisible.status).toBe(404);
      expect(invisible.body.details[0].field).toBe('electionId');
      expect((await declare(as.coordinator.api, { electionId: 'x' })).body.details[0].field).toBe(
        'electionId',
      );
      expect(await count('incidents')).toBe(before);
    });
  });
});
