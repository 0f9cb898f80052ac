import type { ApiClient } from '../api-client';

/** A hub as the federation tests see it: its URL, its admin, and its name (HUB_NAME). */
export interface FederatedHub {
  name: string;
  url: string;
  admin: ApiClient;
}

export interface PeerLink {
  /** On `from`: the peer standing for `to`. */
  peerId: string;
  /** On `from`: the organisation (kind `hub`) standing for `to`. */
  organisationId: string;
  /** The token `from` issued to `to` (a `peer` member of that organisation). */
  token: string;
}

/**
 * One side of a link: on `hub`, an organisation of kind `hub` standing for `peerName`, and the `peer` token
 * it issues to that hub.
 */
export async function issuePeerToken(
  hub: { admin: ApiClient },
  peerName: string,
): Promise<{ organisationId: string; token: string }> {
  const org = await hub.admin.post('/organisations', { name: `Hub ${peerName}`, kind: 'hub' });
  if (org.status !== 201) throw new Error(`organisation for ${peerName}: ${JSON.stringify(org.body)}`);
  const member = await hub.admin.post(`/organisations/${org.body.id}/members`, {
    displayName: `${peerName} federation`,
    role: 'peer',
  });
  if (member.status !== 201) throw new Error(`peer member ${peerName}: ${JSON.stringify(member.body)}`);
  return { organisationId: org.body.id, token: member.body.token };
}

/**
 * Connects two hubs both ways, as their admins would: each issues a `peer` token to the other and
 * registers the other with the token it was given (`POST /peers`). `exercise` makes them exercise peers.
 */
export async function connectHubs(
  a: FederatedHub,
  b: FederatedHub,
  options: { exercise?: boolean } = {},
): Promise<{ ab: PeerLink; ba: PeerLink }> {
  const onA = await issuePeerToken(a, b.name);
  const onB = await issuePeerToken(b, a.name);
  const register = async (hub: FederatedHub, other: FederatedHub, organisationId: string, token: string) => {
    const peer = await hub.admin.post('/peers', {
      name: other.name,
      url: other.url,
      token,
      organisationId,
      exercise: options.exercise ?? false,
    });
    if (peer.status !== 201)
      throw new Error(`peer ${other.name} on ${hub.name}: ${JSON.stringify(peer.body)}`);
    return peer.body.id as string;
  };
  const abPeer = await register(a, b, onA.organisationId, onB.token);
  const baPeer = await register(b, a, onB.organisationId, onA.token);
  return {
    ab: { peerId: abPeer, organisationId: onA.organisationId, token: onA.token },
    ba: { peerId: baPeer, organisationId: onB.organisationId, token: onB.token },
  };
}
