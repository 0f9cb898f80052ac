import { ApiProperty, DECORATORS, type ApiPropertyOptions } from '@nestjs/swagger';
import { DISTRIBUTIONS } from '@hub/contracts';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * The OpenAPI schema of every request body and query is read from the class-validator decorators that
 * validate it, at start: the document cannot say something the validation pipe does not enforce. (The
 * `@nestjs/swagger` compiler plugin does this at build time, but the build is plain swc, and its copy of a
 * constraint is an expression re-read in another file; here the constraint is the validator's own value.)
 *
 * A property that already carries `@ApiProperty` is left as its author described it.
 */

type Schema = Record<string, unknown>;
type Ctor = abstract new (...args: never[]) => object;

interface ValidationStorage {
  validationMetadatas: Map<Ctor, ValidationMetadata[]>;
  getTargetValidationMetadatas(
    target: Ctor,
    schema: string,
    always: boolean,
    strictGroups: boolean,
  ): ValidationMetadata[];
}

/** Every validated class loaded, described once; call before the document is made. */
export function describeValidatedClasses(): void {
  const storage = getMetadataStorage() as unknown as ValidationStorage;
  // Parents first: a subclass's swagger metadata starts from its parent's.
  const classes = [...storage.validationMetadatas.keys()].sort((a, b) => depth(a) - depth(b));
  for (const target of classes) describeClass(storage, target);
}

const described = new WeakSet<Ctor>();

function describeClass(storage: ValidationStorage, target: Ctor): void {
  if (described.has(target)) return;
  described.add(target);
  const own = storage.validationMetadatas.get(target) ?? [];
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of own) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  const documented = documentedProperties(target);
  for (const [property, rules] of byProperty) {
    if (documented.has(property)) continue;
    const options = propertyOptions(target, property, rules);
    ApiProperty(options as ApiPropertyOptions)(target.prototype as object, property);
  }
}

function documentedProperties(target: Ctor): Set<string> {
  const own = Reflect.getOwnMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, target.prototype as object) as
    string[] | undefined;
  return new Set((own ?? []).map((key) => key.replace(/^:/, '')));
}

function propertyOptions(target: Ctor, property: string, rules: ValidationMetadata[]): Schema {
  // `@IsOptional()` and `@ValidateIf()` both make a property conditional: only unconditional ones are required.
  const required = !rules.some((r) => r.type === 'conditionalValidation');
  const conditional = rules.find((r) => r.type === 'conditionalValidation' && r.name !== 'isOptional');
  const whole: Schema = {};
  const items: Schema = {};
  let nested: { type: () => Ctor; isArray: boolean } | undefined;
  for (const rule of rules) {
    if (rule.type === 'nestedValidation') {
      const type = nestedType(target, property, rule.each);
      if (type) nested = { type: () => type, isArray: rule.each };
      continue;
    }
    if (rule.type !== 'customValidation' || !rule.name) continue;
    const into = rule.each ? items : whole;
    Object.assign(into, constraintSchema(rule, rule.each ? items : whole));
    if (rule.each) whole.type = 'array';
  }
  const designType = Reflect.getMetadata('design:type', target.prototype as object, property) as unknown;
  if (!whole.type && !whole.enum && !whole.anyOf && !nested) {
    const fromDesign = DESIGN_TYPES.get(designType);
    if (fromDesign) whole.type = fromDesign;
  }
  const description = conditional ? 'Required or refused depending on other fields.' : undefined;
  if (nested) {
    return { ...withoutType(whole), type: nested.type, isArray: nested.isArray, required, description };
  }
  if (whole.type === 'array') {
    return { ...whole, items: Object.keys(items).length ? items : {}, required, description };
  }
  if (!whole.type && !whole.enum && !whole.anyOf) whole.type = 'object'; // an untyped value still states it is a value
  return { ...whole, required, description };
}

const DESIGN_TYPES = new Map<unknown, string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
  [Array, 'array'],
  [Object, 'object'],
]);

function withoutType(schema: Schema): Schema {
  const { type: _type, ...rest } = schema;
  return rest;
}

/** The class a nested property becomes: class-transformer's `@Type`, asked through its public API. */
function nestedType(target: Ctor, property: string, each: boolean): Ctor | undefined {
  const probe = plainToInstance(target as unknown as new () => object, {
    [property]: each ? [{}] : {},
  }) as Record<string, unknown>;
  const value = each ? (probe[property] as unknown[] | undefined)?.[0] : probe[property];
  const ctor = (value as object | undefined)?.constructor as Ctor | undefined;
  if (ctor && ctor !== Object) return ctor;
  const design = Reflect.getMetadata('design:type', target.prototype as object, property) as Ctor | undefined;
  return design && design !== (Object as unknown) && design !== (Array as unknown) ? design : undefined;
}

/** One validator as JSON Schema; an unknown one says nothing rather than something wrong. */
function constraintSchema(rule: ValidationMetadata, current: Schema): Schema {
  const [first] = (rule.constraints ?? []) as unknown[];
  switch (rule.name) {
    case 'isString':
      return { type: 'string' };
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: current.type === 'integer' ? 'integer' : 'number' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isArray':
      return { type: 'array' };
    case 'isObject':
      return { type: 'object' };
    case 'isIn': {
      const values = first as unknown[];
      return { type: enumType(values), enum: [...values] };
    }
    case 'isEnum':
      return { enum: Object.values(first as object) };
    case 'isUuid':
      return { type: 'string', format: 'uuid' };
    case 'isEmail':
      return { type: 'string', format: 'email' };
    case 'isUrl':
      return { type: 'string', format: 'uri' };
    case 'isIso8601':
    case 'isDateString':
      return { type: 'string', format: 'date-time' };
    case 'isFqdn':
      return { type: 'string', format: 'hostname' };
    case 'isISO31661Alpha2':
      return { type: 'string', pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country code' };
    case 'matches':
      return { type: 'string', pattern: (first as RegExp).source };
    case 'maxLength':
      return { maxLength: first };
    case 'minLength':
      return { minLength: first };
    case 'max':
      return { maximum: first };
    case 'min':
      return { minimum: first };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'arrayMinSize':
      return { minItems: first };
    case 'isDistribution':
      return {
        anyOf: [
          { type: 'string', enum: [...DISTRIBUTIONS] },
          {
            type: 'object',
            properties: { sharingGroup: { type: 'string', format: 'uuid' } },
            required: ['sharingGroup'],
            additionalProperties: false,
          },
        ],
      };
    default:
      return {};
  }
}

function enumType(values: unknown[]): string {
  if (values.every((v) => typeof v === 'string')) return 'string';
  if (values.every((v) => Number.isInteger(v))) return 'integer';
  if (values.every((v) => typeof v === 'number')) return 'number';
  return 'string';
}

function depth(target: Ctor): number {
  let n = 0;
  for (let p = Object.getPrototypeOf(target) as unknown; p && p !== Function.prototype; n++) {
    p = Object.getPrototypeOf(p);
  }
  return n;
}
