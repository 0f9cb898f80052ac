import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { exportFixture } from '@hub/testing';
import { parseStixBundle, parseStixPattern } from './stix.import';
import { toStixBundle } from './stix.export';

const { exportSource, HASHES } = exportFixture;

/** The OASIS STIX 2.1 JSON schemas (test/fixtures/stix-schemas, with their licence). */
function bundleValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  // ajv-formats has no idn-hostname; only the domain-name observable uses it, and the hub writes none.
  ajv.addFormat('idn-hostname', true);
  const root = join(__dirname, '../../../../test/fixtures/stix-schemas');
  for (const dir of ['common', 'sdos', 'sros', 'observables']) {
    for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith('.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(join(root, dir, file), 'utf8')));
    }
  }
  return (schema: string) =>
    ajv.getSchema(
      `http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/${schema}`,
    )!;
}

describe('the STIX 2.1 export', () => {
  const validator = bundleValidator();
  const bundle = toStixBundle(exportSource());
  const byType = (type: string) => bundle.objects.filter((o) => o.type === type);

  it('validates against the OASIS schemas, the bundle and each object by its own schema', () => {
    const validate = validator('common/bundle.json');
    expect(validate(bundle) ? [] : validate.errors).toEqual([]);
    const schemaOf: Record<string, string> = {
      identity: 'sdos/identity.json',
      report: 'sdos/report.json',
      indicator: 'sdos/indicator.json',
      'user-account': 'observables/user-account.json',
    };
    for (const object of bundle.objects) {
      const check = validator(schemaOf[object.type]);
      expect({ id: object.id, errors: check(object) ? [] : check.errors }).toEqual({
        id: object.id,
        errors: [],
      });
    }
  });

  it('a broken object fails the schemas (the check can fail)', () => {
    const validate = validator('common/bundle.json');
    const broken = structuredClone(bundle);
    delete (broken.objects.find((o) => o.type === 'indicator') as Record<string, unknown>).valid_from;
    expect(validate(broken)).toBe(false);
  });

  it('has an organisation identity per participant, a report and an indicator per URL and hash', () => {
    expect(byType('identity').map((o) => [o.name, o.identity_class])).toEqual([
      ['EU coordination', 'organization'],
      ['Federal police', 'organization'],
      ['VideoShare', 'organization'],
    ]);
    expect(byType('indicator').map((o) => o.pattern)).toEqual([
      "[url:value = 'https://videoshare.example/v/it\\'s']",
      `[file:hashes.'PDQ' = '${HASHES.pdq}']`,
      `[file:hashes.'MD5' = '${HASHES.md5}']`,
      `[file:hashes.'SHA-1' = '${HASHES.sha1}']`,
      `[file:hashes.'SHA-256' = '${HASHES.sha256}']`,
    ]);
    expect(byType('indicator')[0]).toMatchObject({
      pattern_type: 'stix',
      valid_from: '2026-03-01T10:02:00.000Z',
      created_by_ref: byType('identity')[1].id,
    });
    expect(byType('user-account')).toEqual([
      expect.objectContaining({ account_type: 'videoshare', account_login: 'perp_uploader' }),
    ]);
    const [report] = byType('report');
    expect(report).toMatchObject({
      name: "CH-2026-0007: Attack livestream 'copies'",
      report_types: ['threat-report'],
    });
    expect(report.object_refs).toEqual([...byType('indicator'), ...byType('user-account')].map((o) => o.id));
  });

  it('gives the same ids on a second export', () => {
    const again = toStixBundle(exportSource());
    expect(again.objects.map((o) => o.id)).toEqual(bundle.objects.map((o) => o.id));
  });

  it('reads back every item it wrote', () => {
    const parsed = parseStixBundle(JSON.parse(JSON.stringify(bundle)));
    expect(parsed.unreadable).toEqual([]);
    expect(parsed.skipped).toBe(4); // three identities and the report
    expect(parsed.shares).toEqual([
      { kind: 'url', url: "https://videoshare.example/v/it's" },
      { kind: 'hash', hash: { algorithm: 'pdq', value: HASHES.pdq } },
      { kind: 'hash', hash: { algorithm: 'md5', value: HASHES.md5 } },
      { kind: 'hash', hash: { algorithm: 'sha1', value: HASHES.sha1 } },
      { kind: 'hash', hash: { algorithm: 'sha256', value: HASHES.sha256 } },
      { kind: 'account', account: { platformKey: 'videoshare', handle: 'perp_uploader' } },
    ]);
  });
});

describe('the STIX 2.1 export of DISARM techniques', () => {
  const validator = bundleValidator();
  const source = exportSource();
  source.items[0] = { ...source.items[0], techniques: ['T0022', 'T0022.001'] };
  source.items.push({
    ...source.items[0],
    id: '7d6e1c2a-1111-4000-8000-000000000099',
    kind: 'narrative',
    url: null,
    platformKey: null,
    dedupKey: 'narrative:marking two boxes counts double',
    narrative: {
      title: 'Marking two boxes counts double',
      keywords: ['ballot'],
      languages: ['fr'],
      examples: ['https://videoshare.example/v/forged'],
    },
    techniques: ['T0022'],
  });
  const bundle = toStixBundle(source);
  const byType = (type: string) => bundle.objects.filter((o) => o.type === type);

  it('writes an attack pattern per technique and an indicates relationship per indicator, leaves narratives out', () => {
    const schemaOf: Record<string, string> = {
      identity: 'sdos/identity.json',
      report: 'sdos/report.json',
      indicator: 'sdos/indicator.json',
      'attack-pattern': 'sdos/attack-pattern.json',
      relationship: 'sros/relationship.json',
      'user-account': 'observables/user-account.json',
    };
    const validate = validator('common/bundle.json');
    expect(validate(bundle) ? [] : validate.errors).toEqual([]);
    for (const object of bundle.objects) {
      const check = validator(schemaOf[object.type]);
      expect({ id: object.id, errors: check(object) ? [] : check.errors }).toEqual({
        id: object.id,
        errors: [],
      });
    }
    expect(JSON.stringify(bundle)).not.toContain('Marking two boxes');
    expect(byType('attack-pattern').map((o) => (o.external_references as any[])[0])).toEqual([
      expect.objectContaining({ source_name: 'DISARM', external_id: 'T0022' }),
      expect.objectContaining({ source_name: 'DISARM', external_id: 'T0022.001' }),
    ]);
    const [indicator] = byType('indicator');
    const [t22] = byType('attack-pattern');
    expect(byType('relationship').map((r) => [r.source_ref, r.relationship_type, r.target_ref])).toEqual([
      [indicator.id, 'indicates', t22.id],
      [indicator.id, 'indicates', byType('attack-pattern')[1].id],
    ]);
    expect(parseStixBundle(JSON.parse(JSON.stringify(bundle))).unreadable).toEqual([]);
  });
});

describe('reading STIX', () => {
  it('reports patterns it cannot read and counts objects it does not use', () => {
    const parsed = parseStixBundle({
      type: 'bundle',
      id: 'bundle--1',
      objects: [
        { type: 'malware', id: 'malware--1' },
        { type: 'indicator', pattern_type: 'sigma', pattern: 'title: x' },
        { type: 'indicator', pattern_type: 'stix', pattern: "[ipv4-addr:value = '10.0.0.1']" },
        { type: 'indicator', pattern_type: 'stix', pattern: "[url:value = 'a'] OR [url:value = 'b']" },
        { type: 'file', hashes: { 'SHA-256': HASHES.sha256 } },
        'not an object',
      ],
    });
    expect(parsed.skipped).toBe(1);
    expect(parsed.unreadable.map((u) => u.at)).toEqual([
      'objects[1]',
      'objects[2]',
      'objects[3]',
      'objects[5]',
    ]);
    expect(parsed.shares).toEqual([{ kind: 'hash', hash: { algorithm: 'sha256', value: HASHES.sha256 } }]);
    expect(parsed.sources).toEqual(['objects[4]']);
  });

  it('refuses a body that is not a bundle, naming the problem', () => {
    expect(() => parseStixBundle({ Event: {} })).toThrow(/body: a STIX bundle/);
    expect(() => parseStixBundle({ type: 'bundle', objects: {} })).toThrow(/body.objects/);
  });

  it('reads quoted and bare hash keys, case-insensitively', () => {
    expect(parseStixPattern(`[file:hashes.MD5 = '${HASHES.md5}']`)).toEqual({
      kind: 'hash',
      hash: { algorithm: 'md5', value: HASHES.md5 },
    });
    expect(parseStixPattern("[file:hashes.'SSDEEP' = 'x']")).toEqual({
      reason: expect.stringMatching(/SSDEEP/),
    });
  });
});
