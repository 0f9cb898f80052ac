import type { Category, HashAlgorithm } from '@hub/contracts';
import type { IncidentRecord, ItemRecord } from '../incidents/incident.model';
import type { ExportSource } from './export.model';
import { uuidV5 } from './uuid-v5';
import { disarmTechnique } from '../techniques/disarm-techniques';

/*
 * One MISP event in the MISP core format (draft-dulaunoy-misp-core-format, MISP/misp-rfc): numbers written
 * as strings the way MISP writes them, and uuids derived from the hub's, so a re-import updates the same
 * event. The instance-local numeric ids the format requires (org_id, orgc_id, event_id) are "0", not
 * assigned: the receiving MISP numbers them on import, as the format says it does.
 */

/** Not assigned on any MISP instance (the format's own value for "none", as for sharing_group_id). */
const UNASSIGNED = '0';

/** "Your organisation only": the receiving MISP decides whether to share it further, never the hub. */
export const MISP_DISTRIBUTION = '0';

/** 1 high, 2 medium, 3 low, 4 undefined: a crisis is high, the lower levels medium. */
export const mispThreatLevel = (incident: Pick<IncidentRecord, 'level'>): string =>
  incident.level === 'crisis' ? '1' : '2';

/** 0 initial, 1 ongoing, 2 complete: complete once the incident is closed. */
export const mispAnalysis = (incident: Pick<IncidentRecord, 'status'>): string =>
  incident.status === 'closed' || incident.status === 'reviewed' ? '2' : '1';

/** Shared among the incident's participants only: TLP:AMBER (members' organisations and their clients). */
export const MISP_TLP_TAG = 'tlp:amber';
export const MISP_PDQ_TAG = 'pdq';
/** The tag an account attribute carries to name its platform: `crisis-hub:account-platform="videoshare"`. */
export const MISP_ACCOUNT_TAG = 'crisis-hub:account-platform';

const CATEGORY_TAGS: Record<Category, string> = {
  terrorist_content: 'crisis-hub:category="terrorist-content"',
  violent_extremism: 'crisis-hub:category="violent-extremism"',
  election_integrity: 'crisis-hub:category="election-integrity"',
  other: 'crisis-hub:category="other"',
};

/** The MISP attribute types of the hub's hashes; TMK and vPDQ have none and travel as text like PDQ. */
const MISP_HASH_TYPES: Partial<Record<HashAlgorithm, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
};

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  event_id: string;
  distribution: string;
  sharing_group_id: string;
  timestamp: string;
  deleted: boolean;
  comment: string;
  Tag?: { name: string }[];
}

export interface MispEvent {
  Event: {
    uuid: string;
    info: string;
    date: string;
    threat_level_id: string;
    analysis: string;
    distribution: string;
    sharing_group_id: string;
    published: boolean;
    timestamp: string;
    publish_timestamp: string;
    org_id: string;
    orgc_id: string;
    attribute_count: string;
    Orgc: { id: string; name: string; uuid: string };
    Tag: { name: string }[];
    Attribute: MispAttribute[];
  };
}

const seconds = (date: Date): string => String(Math.floor(date.getTime() / 1000));

function mispAttribute(
  item: ItemRecord,
): Pick<MispAttribute, 'type' | 'category' | 'value' | 'to_ids' | 'Tag'> | undefined {
  if (item.kind === 'url' && item.url) {
    return { type: 'url', category: 'Network activity', value: item.url, to_ids: true };
  }
  if (item.kind === 'hash' && item.hashAlgorithm && item.hashValue) {
    const type = MISP_HASH_TYPES[item.hashAlgorithm];
    if (type) return { type, category: 'Payload delivery', value: item.hashValue, to_ids: true };
    return {
      type: 'text',
      category: 'Other',
      value: item.hashValue,
      // A perceptual hash matches by distance, not equality: not for an IDS.
      to_ids: false,
      Tag: [{ name: item.hashAlgorithm === 'pdq' ? MISP_PDQ_TAG : item.hashAlgorithm }],
    };
  }
  if (item.kind === 'account' && item.accountPlatform && item.accountHandle) {
    return {
      type: 'text',
      category: 'Social network',
      value: item.accountHandle,
      to_ids: false,
      Tag: [{ name: `${MISP_ACCOUNT_TAG}="${item.accountPlatform}"` }],
    };
  }
  return undefined;
}

/**
 * The DISARM techniques an item names as MISP galaxy tags, as the DISARM Foundation's galaxy (type
 * `disarm-techniques`) names its clusters: by the technique's name.
 */
export function disarmTags(item: Pick<ItemRecord, 'techniques'>): { name: string }[] {
  return (item.techniques ?? []).flatMap((id) => {
    const technique = disarmTechnique(id);
    return technique ? [{ name: `misp-galaxy:disarm-techniques="${technique.name}"` }] : [];
  });
}

export function toMispEvent({ incident, items }: ExportSource): MispEvent {
  const latest = new Date(Math.max(incident.updatedAt.getTime(), ...items.map((i) => i.createdAt.getTime())));
  const attributes: MispAttribute[] = [];
  for (const item of items) {
    const attribute = mispAttribute(item);
    if (!attribute) continue;
    const tags = [...(attribute.Tag ?? []), ...disarmTags(item)];
    attributes.push({
      uuid: uuidV5(`item:${item.id}`),
      ...attribute,
      ...(tags.length ? { Tag: tags } : {}),
      event_id: UNASSIGNED,
      distribution: '5', // inherit the event's
      sharing_group_id: '0',
      timestamp: seconds(item.createdAt),
      deleted: false,
      comment: `${item.kind} shared in ${incident.ref}`,
    });
  }
  return {
    Event: {
      uuid: uuidV5(`incident:${incident.id}`),
      info: `${incident.ref}: ${incident.title}`,
      date: incident.createdAt.toISOString().slice(0, 10),
      threat_level_id: mispThreatLevel(incident),
      analysis: mispAnalysis(incident),
      distribution: MISP_DISTRIBUTION,
      sharing_group_id: '0',
      published: false,
      timestamp: seconds(latest),
      // Never published by the hub: the receiving MISP's own users decide that.
      publish_timestamp: '0',
      org_id: UNASSIGNED,
      orgc_id: UNASSIGNED,
      attribute_count: String(attributes.length),
      Orgc: { id: UNASSIGNED, name: 'crisis-hub', uuid: uuidV5('crisis-hub') },
      Tag: [{ name: MISP_TLP_TAG }, { name: CATEGORY_TAGS[incident.category] }],
      Attribute: attributes,
    },
  };
}
