import type { ShareItemDto } from '@hub/contracts';
import { anIncident, fixedClock, InMemoryIncidentStore, unitCast } from '@hub/testing';
import { ERROR_CODES } from '../core/errors';
import { loadProtocolsFile } from '../protocols';
import { ShareItemsUseCase } from './share-items.use-case';

const NOW = '2025-06-01T12:00:00.000Z';
const MINUTE = 60_000;
const protocols = loadProtocolsFile();

function setUp(fields: Parameters<typeof anIncident>[0] = {}) {
  const { identities, orgs, as } = unitCast();
  const clock = fixedClock(NOW);
  const store = new InMemoryIncidentStore(clock);
  const incident = anIncident({
    participants: [orgs.coordinator.id, orgs.be.id, orgs.videoshare.id, orgs.clipcast.id],
    platforms: ['videoshare', 'clipcast'],
    ...fields,
  });
  store.seed(incident);
  const useCase = new ShareItemsUseCase(store, identities, () => protocols, clock);
  return { store, incident, as, orgs, useCase };
}

const url = (path: string, extra: Partial<ShareItemDto> = {}): ShareItemDto => ({
  kind: 'url',
  url: `https://videoshare.example/${path}`,
  channel: 'alert',
  ...extra,
});

describe('ShareItemsUseCase', () => {
  it('stores a new URL on its platform with the protocol’s deadlines, and logs it once', async () => {
    const { store, incident, as, orgs, useCase } = setUp();

    const shared = await useCase.one(
      as.be,
      incident.id,
      url('v/1?utm_source=x', { metadata: { language: 'nl' } }),
    );

    expect(shared.duplicate).toBe(false);
    expect(shared.item).toMatchObject({
      kind: 'url',
      url: 'https://videoshare.example/v/1',
      submittedUrl: 'https://videoshare.example/v/1?utm_source=x',
      platformKey: 'videoshare',
      reporters: [orgs.be.id],
      createdBy: as.be.memberId,
    });
    // Crisis level of the terrorist-content protocol: acknowledge within 15 minutes, no deadline to act on an alert.
    expect(shared.cells).toEqual([
      expect.objectContaining({
        platformKey: 'videoshare',
        status: 'pending',
        ackDueAt: new Date(Date.parse(NOW) + 15 * MINUTE),
        actionDueAt: null,
      }),
    ]);
    expect(store.items(incident.id)).toEqual([shared.item]);
    expect(store.cells(incident.id)).toEqual(shared.cells);
    const events = store.events(incident.id);
    expect(events.map((e) => [e.seq, e.type])).toEqual([[1, 'item.shared']]);
    expect(events[0].actor).toEqual({ memberId: as.be.memberId, organisationId: orgs.be.id });
    expect(events[0].data).toMatchObject({
      itemId: shared.item.id,
      platformKey: 'videoshare',
      metadata: { language: 'nl' },
    });
    // Many shares prepare their rows in parallel: the incident is locked only to append.
    expect(store.works).toEqual([{ lock: 'late', dedupKeys: [shared.item.dedupKey], optimistic: true }]);
  });

  it('shares a narrative on every platform of the incident, keyed by its title, with its techniques', async () => {
    const { store, incident, as, useCase } = setUp();
    const narrative = (title: string, techniques?: string[]): ShareItemDto => ({
      kind: 'narrative',
      narrative: { title, examples: ['https://videoshare.example/v/1?utm_source=x'] },
      channel: 'referral',
      ...(techniques ? { techniques } : {}),
    });

    const shared = await useCase.one(as.be, incident.id, narrative('Polls  close at NOON', ['t0022']));
    expect(shared.item).toMatchObject({
      kind: 'narrative',
      dedupKey: 'narrative:polls close at noon',
      narrative: { title: 'Polls close at NOON', examples: ['https://videoshare.example/v/1'] },
      techniques: ['T0022'],
      platformKey: null,
    });
    expect(shared.cells.map((c) => c.platformKey)).toEqual(['videoshare', 'clipcast']);
    expect((await useCase.one(as.be, incident.id, narrative('polls close at noon'))).duplicate).toBe(true);

    // An unknown technique on any kind is refused by its place, before anything is stored.
    await expect(
      useCase.one(as.be, incident.id, url('v/9', { techniques: ['T0002', 'T0000'] })),
    ).rejects.toMatchObject({
      code: ERROR_CODES.VALIDATION_FAILED,
      details: [expect.objectContaining({ field: 'techniques[1]' })],
    });
    await expect(
      useCase.one(as.be, incident.id, { kind: 'narrative', channel: 'alert' }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ field: 'narrative.title' })] });
    expect(store.items(incident.id)).toHaveLength(1);
  });

  it('adds the techniques a repeat names that the item lacks, and says so in the log', async () => {
    const { store, incident, as, useCase } = setUp();
    const first = await useCase.one(as.be, incident.id, url('v/t', { techniques: ['T0022'] }));
    const again = await useCase.one(
      as.videoshare,
      incident.id,
      url('v/t', { techniques: ['T0002', 'T0022'] }),
    );
    expect(again).toMatchObject({
      duplicate: true,
      item: { id: first.item.id, techniques: ['T0022', 'T0002'] },
    });
    expect(store.items(incident.id)[0].techniques).toEqual(['T0022', 'T0002']);
    expect(store.events(incident.id)[1]).toMatchObject({
      type: 'item.reported_again',
      data: { itemId: first.item.id, techniques: ['T0002'] },
    });
    await useCase.one(as.be, incident.id, url('v/t'));
    expect(store.events(incident.id)[2].data).not.toHaveProperty('techniques');
  });

  it('answers a repeat with the stored item, adds the new reporter and logs the report', async () => {
    const { store, incident, as, orgs, useCase } = setUp();
    const first = await useCase.one(as.be, incident.id, url('v/2'));

    const again = await useCase.one(as.videoshare, incident.id, url('v/2#t=10'));

    expect(again.duplicate).toBe(true);
    expect(again.item.id).toBe(first.item.id);
    expect(again.cells).toEqual(first.cells);
    expect(store.items(incident.id)).toHaveLength(1);
    expect(store.items(incident.id)[0].reporters).toEqual([orgs.be.id, orgs.videoshare.id]);
    expect(store.events(incident.id).map((e) => e.type)).toEqual(['item.shared', 'item.reported_again']);
    expect(store.events(incident.id)[1].data).toEqual({
      itemId: first.item.id,
      organisationId: orgs.videoshare.id,
      channel: 'alert',
      visibility: 'participants',
    });
  });

  it('gives a hash a cell on every platform of the incident', async () => {
    const { store, incident, as, useCase } = setUp();

    const shared = await useCase.one(as.coordinator, incident.id, {
      kind: 'hash',
      hash: { algorithm: 'md5', value: 'D41D8CD98F00B204E9800998ECF8427E' },
      channel: 'referral',
    });

    expect(shared.item).toMatchObject({ kind: 'hash', hashAlgorithm: 'md5', platformKey: null });
    expect(shared.cells!.map((c) => c.platformKey).sort()).toEqual(['clipcast', 'videoshare']);
    expect(store.cells(incident.id)).toHaveLength(2);
  });

  it('keeps personal metadata on the item and out of the log', async () => {
    const { store, incident, as, useCase } = setUp();

    const shared = await useCase.one(
      as.be,
      incident.id,
      url('v/3', { metadata: { uploaderHandle: 'attacker01', language: 'fr' } }),
    );

    expect(store.items(incident.id)[0].metadata).toEqual({ uploaderHandle: 'attacker01', language: 'fr' });
    expect(shared.item.metadata).toEqual({ uploaderHandle: 'attacker01', language: 'fr' });
    expect(JSON.stringify(store.events(incident.id))).not.toContain('attacker01');
  });

  it('answers each entry of a bulk share on its own: refusals do not stop the others', async () => {
    const { store, incident, as, useCase } = setUp();

    const outcomes = await useCase.many(as.videoshare, incident.id, [
      url('v/4'),
      url('v/5', { channel: 'removal_order', legalReference: 'TCO art. 3' }),
      { kind: 'url', channel: 'alert' },
      url('v/4'),
    ]);

    expect(outcomes.map((o) => [o.index, o.duplicate, o.error?.code])).toEqual([
      [0, false, undefined],
      [1, undefined, ERROR_CODES.FORBIDDEN],
      [2, undefined, ERROR_CODES.VALIDATION_FAILED],
      [3, true, undefined],
    ]);
    expect(outcomes[3].item!.id).toBe(outcomes[0].item!.id);
    expect(store.items(incident.id)).toHaveLength(1);
    expect(store.events(incident.id).map((e) => e.type)).toEqual(['item.shared', 'item.reported_again']);
  });

  it('refuses an organisation that does not take part, and stores nothing', async () => {
    const { store, incident, as, orgs, useCase } = setUp();
    const outsider = { ...as.be, organisationId: orgs.observer.id };

    await expect(useCase.one(outsider, incident.id, url('v/6'))).rejects.toMatchObject({
      code: ERROR_CODES.NOT_FOUND,
    });
    await expect(useCase.one(as.observer, incident.id, url('v/6'))).rejects.toMatchObject({
      code: ERROR_CODES.FORBIDDEN,
    });
    expect(store.items(incident.id)).toEqual([]);
    expect(store.events(incident.id)).toEqual([]);
  });

  it('refuses a share into a closed incident', async () => {
    const { store, incident, as, useCase } = setUp({ status: 'closed' });

    await expect(useCase.one(as.be, incident.id, url('v/7'))).rejects.toMatchObject({
      code: ERROR_CODES.INCIDENT_CLOSED,
    });
    expect(store.items(incident.id)).toEqual([]);
  });

  it('names the field of an invalid share', async () => {
    const { incident, as, useCase } = setUp();

    await expect(
      useCase.one(as.be, incident.id, {
        kind: 'url',
        url: 'https://videoshare.example/v/8',
        channel: 'removal_order',
      }),
    ).rejects.toMatchObject({ code: ERROR_CODES.VALIDATION_FAILED, details: [{ field: 'legalReference' }] });
  });
});
