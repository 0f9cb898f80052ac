import {
  CELL_STATUSES,
  CHANNELS,
  FEDERATION_CURSOR,
  FEDERATION_LIMITS,
  HUB_NAME,
  INCIDENT_LEVELS,
  INCIDENT_MODES,
  INCIDENT_STATUSES,
  ITEM_KINDS,
  ITEM_VISIBILITIES,
  LIMITS,
  type FederationEvent,
} from '@hub/contracts';
import { invalid } from '../core/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPES = ['incident', 'item', 'answer', 'message'] as const;

type Obj = Record<string, unknown>;

/**
 * A peer's event checked field by field before anything is applied: what another hub sends is input like
 * any other, and a refusal names the field (`events[3].data.title`).
 */
export function parseFederationEvent(raw: unknown, at: string): FederationEvent {
  const e = object(raw, at);
  const path = e.path;
  if (!Array.isArray(path) || path.length === 0 || path.length > FEDERATION_LIMITS.path)
    throw invalid(`${at}.path`, `must list 1 to ${FEDERATION_LIMITS.path} hubs`);
  path.forEach((h, i) => name(h, `${at}.path[${i}]`));
  const originHub = name(e.originHub, `${at}.originHub`);
  const id = text(e.id, `${at}.id`, 100);
  const [idHub, idEvent] = id.split(':');
  if (idHub !== originHub || !/^\d{1,20}$/.test(idEvent ?? ''))
    throw invalid(`${at}.id`, 'must be "<originHub>:<event id>"');
  const incident = object(e.incident, `${at}.incident`);
  const type = oneOf(e.type, TYPES, `${at}.type`);
  const cursor = text(e.cursor, `${at}.cursor`, 41);
  if (!FEDERATION_CURSOR.test(cursor)) throw invalid(`${at}.cursor`, 'must be "<tx>:<id>"');
  const when = text(e.at, `${at}.at`, 40);
  if (Number.isNaN(Date.parse(when))) throw invalid(`${at}.at`, 'must be an ISO 8601 date-time');
  return {
    id,
    originHub,
    path: path as string[],
    incident: {
      hub: name(incident.hub, `${at}.incident.hub`),
      id: uuid(incident.id, `${at}.incident.id`),
      ref: text(incident.ref, `${at}.incident.ref`, 64),
    },
    type,
    at: when,
    data: parseData(type, object(e.data, `${at}.data`), `${at}.data`),
    cursor,
  };
}

function parseData(type: (typeof TYPES)[number], d: Obj, at: string): unknown {
  switch (type) {
    case 'incident':
      return {
        ref: text(d.ref, `${at}.ref`, 64),
        title: text(d.title, `${at}.title`, LIMITS.title, 1),
        summary: text(d.summary, `${at}.summary`, LIMITS.summary),
        category: text(d.category, `${at}.category`, 64, 1),
        protocol: text(d.protocol, `${at}.protocol`, 64, 1),
        level: oneOf(d.level, INCIDENT_LEVELS, `${at}.level`),
        mode: oneOf(d.mode, INCIDENT_MODES, `${at}.mode`),
        status: oneOf(d.status, INCIDENT_STATUSES, `${at}.status`),
        platforms: strings(d.platforms, `${at}.platforms`, LIMITS.platforms, 64),
        distribution: oneOf(d.distribution, ['hub', 'all'] as const, `${at}.distribution`),
        ...(d.closingSummary !== undefined
          ? { closingSummary: text(d.closingSummary, `${at}.closingSummary`, LIMITS.summary) }
          : {}),
      };
    case 'item': {
      const item = object(d.item, `${at}.item`);
      const hash = d.hash === undefined ? undefined : object(d.hash, `${at}.hash`);
      const account = d.account === undefined ? undefined : object(d.account, `${at}.account`);
      const narrative = d.narrative === undefined ? undefined : object(d.narrative, `${at}.narrative`);
      const metadata = object(d.metadata ?? {}, `${at}.metadata`);
      if (Object.keys(metadata).length > LIMITS.metadataKeys)
        throw invalid(`${at}.metadata`, `must have at most ${LIMITS.metadataKeys} keys`);
      return {
        item: { hub: name(item.hub, `${at}.item.hub`), id: uuid(item.id, `${at}.item.id`) },
        kind: oneOf(d.kind, ITEM_KINDS, `${at}.kind`),
        dedupKey: text(d.dedupKey, `${at}.dedupKey`, 1_000, 1),
        ...(d.url !== undefined ? { url: text(d.url, `${at}.url`, LIMITS.url, 1) } : {}),
        ...(hash
          ? {
              hash: {
                algorithm: text(hash.algorithm, `${at}.hash.algorithm`, 16, 1),
                value: text(hash.value, `${at}.hash.value`, 2_000_000, 1),
                ...(hash.quality !== undefined
                  ? { quality: int(hash.quality, `${at}.hash.quality`, 0, 100) }
                  : {}),
              },
            }
          : {}),
        ...(account
          ? {
              account: {
                platformKey: text(account.platformKey, `${at}.account.platformKey`, 64, 1),
                handle: text(account.handle, `${at}.account.handle`, LIMITS.handle, 1),
              },
            }
          : {}),
        channel: oneOf(d.channel, CHANNELS, `${at}.channel`),
        ...(d.legalReference !== undefined
          ? { legalReference: text(d.legalReference, `${at}.legalReference`, LIMITS.legalReference) }
          : {}),
        ...(d.platformKey !== undefined
          ? { platformKey: text(d.platformKey, `${at}.platformKey`, 64, 1) }
          : {}),
        metadata,
        ...(narrative
          ? {
              narrative: {
                title: text(narrative.title, `${at}.narrative.title`, LIMITS.narrativeTitle, 1),
                ...(narrative.description !== undefined
                  ? {
                      description: text(
                        narrative.description,
                        `${at}.narrative.description`,
                        LIMITS.narrativeDescription,
                      ),
                    }
                  : {}),
                keywords: strings(
                  narrative.keywords ?? [],
                  `${at}.narrative.keywords`,
                  LIMITS.narrativeKeywords,
                  LIMITS.narrativeKeyword,
                ),
                languages: strings(
                  narrative.languages ?? [],
                  `${at}.narrative.languages`,
                  LIMITS.narrativeLanguages,
                  16,
                ),
                examples: strings(
                  narrative.examples ?? [],
                  `${at}.narrative.examples`,
                  LIMITS.narrativeExamples,
                  LIMITS.url,
                ),
              },
            }
          : {}),
        ...(d.techniques !== undefined
          ? { techniques: strings(d.techniques, `${at}.techniques`, LIMITS.techniques, 32) }
          : {}),
        visibility: oneOf(d.visibility, ITEM_VISIBILITIES, `${at}.visibility`),
        distribution: oneOf(d.distribution, ['hub', 'all'] as const, `${at}.distribution`),
      };
    }
    case 'answer': {
      const item = object(d.item, `${at}.item`);
      return {
        item: { hub: name(item.hub, `${at}.item.hub`), id: uuid(item.id, `${at}.item.id`) },
        platformKey: text(d.platformKey, `${at}.platformKey`, 64, 1),
        status: oneOf(d.status, CELL_STATUSES, `${at}.status`),
        ...(d.reason !== undefined ? { reason: text(d.reason, `${at}.reason`, LIMITS.reason) } : {}),
      };
    }
    case 'message':
      return {
        text: text(d.text, `${at}.text`, LIMITS.text, 1),
        organisation: text(d.organisation, `${at}.organisation`, LIMITS.name, 1),
      };
  }
}

function object(v: unknown, at: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalid(at, 'must be an object');
  return v as Obj;
}

function text(v: unknown, at: string, max: number, min = 0): string {
  if (typeof v !== 'string') throw invalid(at, 'must be a string');
  if (v.length < min || v.length > max) throw invalid(at, `must be ${min} to ${max} characters`);
  return v;
}

function name(v: unknown, at: string): string {
  const s = text(v, at, 63, 1);
  if (!HUB_NAME.test(s)) throw invalid(at, 'must be a hub name');
  return s;
}

function uuid(v: unknown, at: string): string {
  const s = text(v, at, 36, 36);
  if (!UUID.test(s)) throw invalid(at, 'must be a UUID');
  return s.toLowerCase();
}

function int(v: unknown, at: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw invalid(at, `must be an integer from ${min} to ${max}`);
  return v;
}

function oneOf<T extends string>(v: unknown, values: readonly T[], at: string): T {
  if (typeof v !== 'string' || !values.includes(v as T))
    throw invalid(at, `must be one of ${values.join(', ')}`);
  return v as T;
}

function strings(v: unknown, at: string, maxItems: number, maxLength: number): string[] {
  if (!Array.isArray(v) || v.length > maxItems) throw invalid(at, `must be a list of at most ${maxItems}`);
  return v.map((s, i) => text(s, `${at}[${i}]`, maxLength));
}
