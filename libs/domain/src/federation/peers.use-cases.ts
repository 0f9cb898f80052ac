import { randomUUID } from 'node:crypto';
import type {
  CreatePeerDto,
  CreateSharingGroupDto,
  Distribution,
  PeerView,
  SharingGroupView,
} from '@hub/contracts';
import { assertRole } from '../access/access.policy';
import { DomainError, ERROR_CODES, invalid } from '../core/errors';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import type { IdentityRepository } from '../identity/identity.ports';
import { distributionColumns } from './distribution';
import { START, type PeerRecord, type SharingGroupRecord } from './federation.model';
import type { FederationStore } from './federation.ports';

/** Backlogs are counted up to here: past it, the console says "10,000 or more". */
export const BACKLOG_CAP = 10_000;

export function peerView(peer: PeerRecord, backlog: number): PeerView {
  const failing =
    peer.lastErrorAt !== null && (peer.lastContactAt === null || peer.lastErrorAt > peer.lastContactAt);
  return {
    id: peer.id,
    name: peer.name,
    url: peer.url,
    organisationId: peer.organisationId,
    exercise: peer.exercise,
    state: failing ? 'failing' : peer.lastContactAt ? 'ok' : 'new',
    lastContactAt: peer.lastContactAt?.toISOString() ?? null,
    backlog,
    ...(peer.lastError && peer.lastErrorAt
      ? { lastError: { message: peer.lastError, at: peer.lastErrorAt.toISOString() } }
      : {}),
    refusals: peer.refusals,
    createdAt: peer.createdAt.toISOString(),
  };
}

export const sharingGroupView = (g: SharingGroupRecord): SharingGroupView => ({
  id: g.id,
  name: g.name,
  peers: g.peers,
  createdAt: g.createdAt.toISOString(),
});

/** An admin connects this hub to another: its URL, the token it issued here, the organisation that stands for it. */
export class PeersUseCases {
  constructor(
    private readonly store: FederationStore,
    private readonly identities: IdentityRepository,
    private readonly clock: Clock,
    /** This hub's name: a hub is never its own peer. */
    private readonly self: string,
  ) {}

  async register(actor: Actor, dto: CreatePeerDto): Promise<PeerView> {
    assertRole(actor, ['admin'], 'registering a peer hub');
    if (dto.name === this.self) throw invalid('name', `${dto.name} is this hub's own name (HUB_NAME)`);
    const org = await this.identities.findOrganisation(dto.organisationId);
    if (!org || org.kind !== 'hub' || org.id === actor.organisationId)
      throw invalid('organisationId', 'must be an organisation of kind hub that stands for the peer');
    const peers = await this.store.listPeers();
    if (peers.some((p) => p.name === dto.name))
      throw new DomainError(ERROR_CODES.CONFLICT, `name: a peer ${dto.name} is registered already`, [
        { field: 'name', message: 'is registered already' },
      ]);
    if (peers.some((p) => p.organisationId === dto.organisationId))
      throw new DomainError(ERROR_CODES.CONFLICT, 'organisationId: stands for another peer already', [
        { field: 'organisationId', message: 'stands for another peer already' },
      ]);
    const peer: PeerRecord = {
      id: randomUUID(),
      name: dto.name,
      url: dto.url.replace(/\/+$/, ''),
      token: dto.token,
      organisationId: dto.organisationId,
      exercise: dto.exercise ?? false,
      pushed: START,
      received: START,
      lastContactAt: null,
      lastError: null,
      lastErrorAt: null,
      failures: 0,
      refusals: 0,
      createdAt: this.clock.now(),
    };
    await this.store.insertPeer(peer);
    return peerView(peer, await this.store.countShared(START, BACKLOG_CAP));
  }

  async list(actor: Actor): Promise<PeerView[]> {
    assertRole(actor, ['admin', 'coordinator'], 'reading the peer hubs');
    const peers = await this.store.listPeers();
    return Promise.all(
      peers.map(async (p) => peerView(p, await this.store.countShared(p.pushed, BACKLOG_CAP))),
    );
  }

  async remove(actor: Actor, id: string): Promise<void> {
    assertRole(actor, ['admin'], 'removing a peer hub');
    if (!(await this.store.deletePeer(id, this.clock.now())))
      throw new DomainError(ERROR_CODES.NOT_FOUND, 'peer not found');
  }

  async createGroup(actor: Actor, dto: CreateSharingGroupDto): Promise<SharingGroupView> {
    assertRole(actor, ['admin', 'coordinator'], 'creating a sharing group');
    const known = new Set((await this.store.listPeers()).map((p) => p.id));
    const unknown = dto.peers.find((id) => !known.has(id));
    if (unknown) throw invalid('peers', `no peer ${unknown}`);
    const group: SharingGroupRecord = {
      id: randomUUID(),
      name: dto.name,
      peers: [...new Set(dto.peers)],
      createdBy: actor.memberId,
      createdAt: this.clock.now(),
    };
    await this.store.insertGroup(group);
    return sharingGroupView(group);
  }

  async listGroups(actor: Actor): Promise<SharingGroupView[]> {
    assertRole(actor, ['admin', 'coordinator', 'authority'], 'reading the sharing groups');
    return (await this.store.listGroups()).map(sharingGroupView);
  }
}

/** A distribution asked for when declaring an incident: a sharing group must exist. */
export async function assertDistribution(
  store: FederationStore | undefined,
  distribution: Distribution | undefined,
  field = 'distribution',
): Promise<void> {
  if (!distribution || distribution === 'hub') return;
  if (!store) throw invalid(field, 'this hub has no federation');
  const { sharingGroupId } = distributionColumns(distribution);
  if (sharingGroupId && !(await store.findGroup(sharingGroupId)))
    throw invalid(field, `no sharing group ${sharingGroupId}`);
}
