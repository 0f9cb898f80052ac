/** Limits at the edge: every string, array and object that enters the hub is bounded. */
export const LIMITS = {
  name: 200,
  title: 200,
  summary: 10_000,
  rationale: 5_000,
  text: 10_000,
  reason: 2_000,
  note: 2_000,
  url: 2_048,
  handle: 200,
  legalReference: 500,
  platformKey: 64,
  domain: 253,
  domainsPerOrganisation: 50,
  participants: 200,
  platforms: 100,
  criteria: 20,
  criterion: 500,
  opaqueHash: 4_096,
  /**
   * Frames of one vPDQ hash: over 4 hours at one frame a second (Meta's default), and, at ~120 bytes of
   * JSON a frame, still within `bodyBytes`, so the count is refused by name before the body's size is.
   */
  vpdqFrames: 15_000,
  metadataKeys: 30,
  metadataValue: 2_000,
  bulkItems: 1_000,
  /** PDQ hashes looked up in one `POST /hashes/match`. */
  hashMatchBatch: 1_000,
  pageSize: 500,
  webhookSecret: 256,
  email: 254,
  contactLanguages: 10,
  claimValue: 500,
  /** A narrative: its title, description, keywords (each and how many), languages and example URLs. */
  narrativeTitle: 300,
  narrativeDescription: 5_000,
  narrativeKeywords: 50,
  narrativeKeyword: 100,
  narrativeLanguages: 24,
  narrativeExamples: 50,
  /** DISARM techniques named on one item. */
  techniques: 20,
  /** Who at a platform gave an answer a coordinator records. */
  reportedBy: 200,
  bodyBytes: 2 * 1024 * 1024,
  socketMessageBytes: 64 * 1024,
} as const;
