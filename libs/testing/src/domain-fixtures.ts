import type { Actor, Clock, IncidentRecord, ItemRecord, OrganisationRecord } from '@hub/domain';
import { randomUUID } from 'node:crypto';
import { InMemoryIdentityRepository } from './in-memory-identity.repository';

/** A clock that stands still until moved: `clock.now()` is `at` plus whatever `advance` added. */
export function fixedClock(at: string | Date): Clock & { advance(ms: number): void } {
  let now = new Date(at).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => (now += ms),
  };
}

/** An active live incident with the defaults of a declared one, changed by `fields`. */
export function anIncident(fields: Partial<IncidentRecord> = {}): IncidentRecord {
  const createdAt = fields.createdAt ?? new Date('2025-06-01T10:00:00Z');
  return {
    id: randomUUID(),
    ref: 'CH-2025-0001',
    title: 'Attack livestream spreading',
    summary: 'A livestream of an attack is being re-uploaded across services.',
    category: 'terrorist_content',
    protocol: 'terrorist-content',
    level: 'crisis',
    mode: 'live',
    status: 'active',
    participants: [],
    platforms: [],
    criteria: [],
    rationale: null,
    closingSummary: null,
    reviewSummary: null,
    createdBy: null,
    createdAt,
    updatedAt: createdAt,
    closedAt: null,
    lastSeq: 0,
    configVersion: 0,
    clockSpeed: 1,
    clockPaused: false,
    ...fields,
  };
}

/** A URL alert with none of the optional fields set, shared a few minutes into `anIncident`'s, changed by `fields`. */
export function anItem(fields: Partial<ItemRecord> = {}): ItemRecord {
  const id = fields.id ?? randomUUID();
  return {
    id,
    incidentId: randomUUID(),
    kind: 'url',
    dedupKey: `url:${id}`,
    url: null,
    submittedUrl: null,
    hashAlgorithm: null,
    hashValue: null,
    hashQuality: null,
    accountPlatform: null,
    accountHandle: null,
    narrative: null,
    techniques: [],
    channel: 'alert',
    legalReference: null,
    platformKey: null,
    metadata: {},
    reporters: [],
    variantOf: null,
    visibility: 'participants',
    createdBy: null,
    createdAt: new Date('2025-06-01T10:05:00Z'),
    ...fields,
  };
}

/**
 * The demo cast in memory: a coordinator, a Belgian authority, two platforms with their liaisons
 * (videoshare.example and clipcast.example), and an observer, in an `InMemoryIdentityRepository`.
 */
export function unitCast(): {
  identities: InMemoryIdentityRepository;
  orgs: Record<'coordinator' | 'be' | 'videoshare' | 'clipcast' | 'observer', OrganisationRecord>;
  as: Record<'coordinator' | 'be' | 'videoshare' | 'clipcast' | 'observer', Actor>;
} {
  const identities = new InMemoryIdentityRepository();
  const orgs = {
    coordinator: identities.addOrganisation({ name: 'EU Crisis Coordination', kind: 'coordinator' }),
    be: identities.addOrganisation({ name: 'Belgian referral unit', kind: 'authority', country: 'BE' }),
    videoshare: identities.addOrganisation({
      name: 'VideoShare',
      platformKey: 'videoshare',
      domains: ['videoshare.example'],
    }),
    clipcast: identities.addOrganisation({
      name: 'ClipCast',
      platformKey: 'clipcast',
      domains: ['clipcast.example'],
    }),
    observer: identities.addOrganisation({ name: 'Research observatory', kind: 'observer' }),
  };
  const as = {
    coordinator: identities.addActor(orgs.coordinator, 'coordinator'),
    be: identities.addActor(orgs.be, 'authority'),
    videoshare: identities.addActor(orgs.videoshare, 'liaison'),
    clipcast: identities.addActor(orgs.clipcast, 'liaison'),
    observer: identities.addActor(orgs.observer, 'observer'),
  };
  return { identities, orgs, as };
}
