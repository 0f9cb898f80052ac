import { CreateOrganisationDto, ShareItemDto } from '@hub/contracts';
import { DomainError } from '@hub/domain';
import { plainToInstance } from 'class-transformer';
import * as classValidator from 'class-validator';
import { createValidationPipe, VALIDATION_OPTIONS, validatePayload } from './validation';
import { passesValidation } from './validation-plan';

const pdq = 'f'.repeat(64);
const frame = { frame: 0, quality: 90, hash: pdq, seconds: 0 };

/** One valid share of each shape, with every optional field somewhere. */
const VALID: Record<string, unknown>[] = [
  { kind: 'url', url: 'https://videoshare.example/v/1', channel: 'referral' },
  {
    kind: 'url',
    url: 'https://videoshare.example/v/2',
    channel: 'removal_order',
    legalReference: 'TCO art. 3',
    platformKey: 'videoshare',
    metadata: {
      contentType: 'video',
      language: 'pt-BR',
      firstSeenAt: '2026-12-07T10:00:00Z',
      label: 'l',
      notes: 'n',
      uploaderHandle: 'u',
    },
    techniques: ['T0022.001'],
    visibility: 'coordination',
    distribution: 'hub',
  },
  { kind: 'hash', hash: { algorithm: 'pdq', value: pdq, quality: 80 }, channel: 'alert' },
  { kind: 'hash', hash: { algorithm: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' }, channel: 'alert' },
  {
    kind: 'hash',
    hash: { algorithm: 'vpdq', frames: [frame, { ...frame, frame: 30, seconds: 1 }] },
    channel: 'alert',
  },
  { kind: 'account', account: { platformKey: 'socialnet', handle: '@bot' }, channel: 'referral' },
  {
    kind: 'narrative',
    narrative: {
      title: 't',
      description: 'd',
      keywords: ['k'],
      languages: ['en'],
      examples: ['https://x.example'],
    },
    channel: 'alert',
    distribution: { sharingGroup: '6f1c1d3e-8a4b-4c2d-9e0f-123456789abc' },
  },
];

const ODD_VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  101,
  '',
  'x',
  'x'.repeat(5000),
  true,
  {},
  [],
  ['x'],
  [{}],
  new Date(0),
];

/** Each field of `value` removed, replaced by each odd value, or joined by an unknown one, to depth 3. */
function mutations(value: Record<string, unknown>, depth = 0): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{ ...value, unexpected: 1 }];
  for (const [key, field] of Object.entries(value)) {
    const { [key]: _, ...without } = value;
    out.push(without);
    for (const odd of ODD_VALUES) out.push({ ...value, [key]: odd });
    if (depth < 3 && field && typeof field === 'object') {
      const nested = Array.isArray(field)
        ? field.flatMap((element, i) =>
            element && typeof element === 'object'
              ? mutations(element as Record<string, unknown>, depth + 1).map((m) =>
                  Object.assign([...field], { [i]: m }),
                )
              : ODD_VALUES.map((odd) => Object.assign([...field], { [i]: odd })),
          )
        : mutations(field as Record<string, unknown>, depth + 1);
      for (const m of nested) out.push({ ...value, [key]: m });
    }
  }
  return out;
}

const classValidatorFinds = (cls: new () => object, raw: object) =>
  classValidator.validateSync(plainToInstance(cls, raw), VALIDATION_OPTIONS).length > 0;

describe('passesValidation', () => {
  it('agrees with class-validator on valid shares and on nearly a thousand faulty ones', () => {
    const corpus = [...VALID, ...VALID.flatMap((v) => mutations(v))];
    expect(corpus.length).toBeGreaterThan(900);
    let valid = 0;
    for (const raw of corpus) {
      const instance = plainToInstance(ShareItemDto, raw);
      const expected = !classValidatorFinds(ShareItemDto, raw);
      if (passesValidation(instance) !== expected) throw new Error(`disagrees on ${JSON.stringify(raw)}`);
      if (expected) valid += 1;
    }
    // Both answers are exercised: some mutations stay valid (an optional field removed), most do not.
    expect(valid).toBeGreaterThan(VALID.length);
    expect(valid).toBeLessThan(corpus.length / 2);
  });

  it('refuses a class without decorators (an unknown value) and a plain object', () => {
    class Bare {}
    expect(passesValidation(new Bare())).toBe(false);
    expect(passesValidation({ kind: 'url' })).toBe(false);
    expect(passesValidation(plainToInstance(ShareItemDto, VALID[0]))).toBe(true);
  });

  it('agrees on another DTO with nested objects (an organisation)', () => {
    const org = {
      name: 'Videoshare',
      kind: 'platform',
      platformKey: 'videoshare',
      domains: ['videoshare.example'],
      webhook: { url: 'https://hooks.videoshare.example/hub', secret: 's'.repeat(32) },
    };
    for (const raw of [org, ...mutations(org)]) {
      const expected = !classValidatorFinds(CreateOrganisationDto, raw);
      expect([raw, passesValidation(plainToInstance(CreateOrganisationDto, raw))]).toEqual([raw, expected]);
    }
  });
});

describe('validatePayload', () => {
  const refusal = async (raw: unknown) => {
    try {
      await validatePayload(ShareItemDto, raw);
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('not refused');
  };

  it('answers a valid share as an instance with its nested instances', async () => {
    const share = await validatePayload(ShareItemDto, VALID[2]);
    expect(share).toBeInstanceOf(ShareItemDto);
    expect(share.hash?.constructor.name).toBe('HashDto');
    expect(share).toEqual(VALID[2]);
  });

  it('names each fault as class-validator does', async () => {
    const error = await refusal({
      kind: 'hash',
      hash: { algorithm: 'pdq', value: 5 },
      channel: 'x',
      extra: 1,
    });
    expect(error.details).toEqual([
      { field: 'extra', message: 'extra: property extra should not exist' },
      { field: 'hash.value', message: 'hash.value must be shorter than or equal to 4096 characters' },
      { field: 'hash.value', message: 'hash.value must be longer than or equal to 1 characters' },
      { field: 'hash.value', message: 'hash.value must be a string' },
      {
        field: 'channel',
        message: 'channel must be one of the following values: alert, referral, removal_order',
      },
    ]);
    expect((await refusal('text')).message).toBe('payload: must be an object');
  });
});

describe('the validation pipe of every route', () => {
  const pipe = createValidationPipe();
  const body = { type: 'body', metatype: ShareItemDto, data: '' } as const;
  afterEach(() => jest.restoreAllMocks());

  it('passes a valid body without class-validator, as an instance of its DTO', async () => {
    const validate = jest.spyOn(classValidator, 'validate');
    const share = await pipe.transform({ ...VALID[2] }, body);
    expect(share).toBeInstanceOf(ShareItemDto);
    expect(share).toEqual(VALID[2]);
    expect(validate).not.toHaveBeenCalled();
  });

  it('leaves a faulty body to class-validator, which names the fields', async () => {
    const validate = jest.spyOn(classValidator, 'validate');
    const error = await pipe
      .transform({ kind: 'url', url: 'https://videoshare.example/v/1', channel: 'x', extra: 1 }, body)
      .catch((e: unknown) => e as DomainError);
    expect(validate).toHaveBeenCalledTimes(1);
    expect((error as DomainError).details?.map((d) => d.field)).toEqual(['extra', 'channel']);
  });
});
