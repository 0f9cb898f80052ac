import { exportFixture } from '@hub/testing';
import { toMispEvent } from './misp.export';
import { parseMispEvent } from './misp.import';

const { exportSource, HASHES } = exportFixture;

/** The MISP core format's MUST and SHALL fields (MISP/misp-rfc, misp-core-format: Event, Orgc, Attribute). */
const EVENT_FIELDS = [
  'uuid',
  'published',
  'info',
  'threat_level_id',
  'analysis',
  'date',
  'timestamp',
  'publish_timestamp',
  'org_id',
  'orgc_id',
  'attribute_count',
  'distribution',
  'sharing_group_id',
];
const ATTRIBUTE_FIELDS = [
  'uuid',
  'type',
  'category',
  'to_ids',
  'event_id',
  'distribution',
  'sharing_group_id',
  'timestamp',
  'deleted',
  'value',
];
/** The types the format allows under each category the hub writes (a subset of its table). */
const CATEGORY_TYPES: Record<string, string[]> = {
  'Network activity': ['url', 'text'],
  'Payload delivery': ['md5', 'sha1', 'sha256', 'url', 'text'],
  Other: ['text'],
  'Social network': ['text'],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the MISP export', () => {
  const { Event } = toMispEvent(exportSource());

  it('carries the core format’s required fields, numbers written as strings', () => {
    for (const field of EVENT_FIELDS) expect(Event).toHaveProperty(field);
    for (const field of ['id', 'name', 'uuid']) expect(Event.Orgc).toHaveProperty(field);
    for (const field of EVENT_FIELDS.filter((f) => f !== 'published')) {
      expect({ field, type: typeof Event[field as keyof typeof Event] }).toEqual({ field, type: 'string' });
    }
    expect(Event.attribute_count).toBe(String(Event.Attribute.length));
    expect(Event.uuid).toMatch(UUID);
    expect(Event.date).toBe('2026-03-01');
    expect(Event).toMatchObject({ threat_level_id: '1', analysis: '1', distribution: '0', published: false });
    expect(Event.timestamp).toMatch(/^\d+$/);
    for (const attribute of Event.Attribute) {
      for (const field of ATTRIBUTE_FIELDS) expect(attribute).toHaveProperty(field);
      expect(attribute.uuid).toMatch(UUID);
      expect(attribute.timestamp).toMatch(/^\d+$/);
      expect(typeof attribute.to_ids).toBe('boolean');
      expect(typeof attribute.deleted).toBe('boolean');
      expect(CATEGORY_TYPES[attribute.category]).toContain(attribute.type);
    }
  });

  it('has url, hash and PDQ attributes, and tags for the TLP and category', () => {
    expect(Event.Attribute.map((a) => [a.type, a.category, a.value, a.Tag?.map((t) => t.name)])).toEqual([
      ['url', 'Network activity', "https://videoshare.example/v/it's", undefined],
      ['text', 'Other', HASHES.pdq, ['pdq']],
      ['md5', 'Payload delivery', HASHES.md5, undefined],
      ['sha1', 'Payload delivery', HASHES.sha1, undefined],
      ['sha256', 'Payload delivery', HASHES.sha256, undefined],
      ['text', 'Social network', 'perp_uploader', ['crisis-hub:account-platform="videoshare"']],
    ]);
    expect(Event.Tag.map((t) => t.name)).toEqual(['tlp:amber', 'crisis-hub:category="terrorist-content"']);
  });

  it('reads back every item it wrote', () => {
    const parsed = parseMispEvent(JSON.parse(JSON.stringify({ Event })));
    expect(parsed).toMatchObject({ skipped: 0, unreadable: [] });
    expect(parsed.shares.map((s) => s.kind)).toEqual(['url', 'hash', 'hash', 'hash', 'hash', 'account']);
  });
});

describe('the MISP export of DISARM techniques', () => {
  it('tags an attribute with the DISARM galaxy’s clusters, by name; a narrative has no attribute', () => {
    const source = exportSource();
    source.items[0] = { ...source.items[0], techniques: ['T0022.001'] };
    source.items[5] = { ...source.items[5], techniques: ['T0002'] };
    source.items.push({
      ...source.items[0],
      id: '7d6e1c2a-1111-4000-8000-000000000099',
      kind: 'narrative',
      url: null,
      narrative: { title: 'A claim', keywords: [], languages: [], examples: [] },
    });
    const { Event } = toMispEvent(source);
    expect(Event.Attribute).toHaveLength(6);
    expect(Event.Attribute[0].Tag).toEqual([
      { name: 'misp-galaxy:disarm-techniques="Amplify Existing Conspiracy Theory Narratives"' },
    ]);
    expect(Event.Attribute[5].Tag?.map((t) => t.name)).toEqual([
      'crisis-hub:account-platform="videoshare"',
      'misp-galaxy:disarm-techniques="Facilitate State Propaganda"',
    ]);
    expect(parseMispEvent(JSON.parse(JSON.stringify({ Event }))).shares.map((s) => s.kind)).toEqual([
      'url',
      'hash',
      'hash',
      'hash',
      'hash',
      'account',
    ]);
  });
});

describe('reading MISP', () => {
  it('reads object attributes and composite hashes, skips other types, reports broken attributes', () => {
    const parsed = parseMispEvent({
      Event: {
        Attribute: [{ type: 'ip-dst', value: '10.0.0.1' }, { type: 'md5' }],
        Object: [{ Attribute: [{ type: 'filename|sha256', value: `clip.mp4|${HASHES.sha256}` }] }],
      },
    });
    expect(parsed.skipped).toBe(1);
    expect(parsed.unreadable).toEqual([{ at: 'Event.Attribute[1]', reason: expect.any(String) }]);
    expect(parsed.shares).toEqual([{ kind: 'hash', hash: { algorithm: 'sha256', value: HASHES.sha256 } }]);
    expect(parsed.sources).toEqual(['Event.Object[0].Attribute[0]']);
  });

  it('refuses a body without an Event, naming the problem', () => {
    expect(() => parseMispEvent({ type: 'bundle' })).toThrow(/body: a MISP event/);
    expect(() => parseMispEvent({ Event: { Attribute: 'x' } })).toThrow(/Event.Attribute/);
  });
});
