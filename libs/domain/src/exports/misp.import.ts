import { invalid } from '../core/errors';
import { addShare, parsedImport, type ParsedImport } from './export.model';
import { MISP_ACCOUNT_TAG, MISP_PDQ_TAG } from './misp.export';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const HASH_TYPES = new Set(['md5', 'sha1', 'sha256']);
const ACCOUNT_TAG = new RegExp(`^${MISP_ACCOUNT_TAG}="([^"]+)"$`);

const tagNames = (attribute: Record<string, unknown>): string[] =>
  Array.isArray(attribute.Tag)
    ? attribute.Tag.flatMap((t) => (isObject(t) && typeof t.name === 'string' ? [t.name] : []))
    : [];

/** The shares in a MISP event: url, hash (also `filename|md5`...), PDQ text and account text attributes. */
export function parseMispEvent(body: unknown): ParsedImport {
  if (!isObject(body) || !isObject(body.Event)) {
    throw invalid('body', 'a MISP event is a JSON object with an "Event" object');
  }
  const event = body.Event;
  for (const field of ['Attribute', 'Object'] as const) {
    if (event[field] !== undefined && !Array.isArray(event[field])) {
      throw invalid(`Event.${field}`, 'must be an array');
    }
  }
  // Attributes of MISP objects (a file object's hashes) are read like the event's own.
  const attributes: { at: string; attribute: unknown }[] = [
    ...((event.Attribute ?? []) as unknown[]).map((attribute, i) => ({
      at: `Event.Attribute[${i}]`,
      attribute,
    })),
    ...((event.Object ?? []) as unknown[]).flatMap((object, o) =>
      isObject(object) && Array.isArray(object.Attribute)
        ? object.Attribute.map((attribute, i) => ({ at: `Event.Object[${o}].Attribute[${i}]`, attribute }))
        : [],
    ),
  ];
  const out = parsedImport();
  for (const { at, attribute } of attributes) {
    if (!isObject(attribute) || typeof attribute.type !== 'string' || typeof attribute.value !== 'string') {
      out.unreadable.push({ at, reason: 'an attribute has a type and a string value' });
      continue;
    }
    const { type, value } = attribute;
    const composite = /^filename\|(md5|sha1|sha256)$/.exec(type);
    if (type === 'url' || type === 'link') addShare(out, at, { kind: 'url', url: value });
    else if (HASH_TYPES.has(type)) addShare(out, at, { kind: 'hash', hash: { algorithm: type, value } });
    else if (composite) {
      addShare(out, at, { kind: 'hash', hash: { algorithm: composite[1], value: value.split('|').pop()! } });
    } else if (type === 'text') {
      const tags = tagNames(attribute);
      const platform = tags.map((t) => ACCOUNT_TAG.exec(t)?.[1]).find(Boolean);
      if (tags.includes(MISP_PDQ_TAG)) addShare(out, at, { kind: 'hash', hash: { algorithm: 'pdq', value } });
      else if (platform)
        addShare(out, at, { kind: 'account', account: { platformKey: platform, handle: value } });
      else out.skipped++;
    } else out.skipped++;
  }
  return out;
}
