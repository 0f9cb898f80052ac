/**
 * Examples of the main routes' bodies and answers, by operation id: what a platform's integration team
 * reads first. The document test validates each against its operation's schema, so they cannot go stale.
 */

const INCIDENT_ID = '0b7e4c52-6f0e-4b8a-9a55-3f4f7d2c9e10';
const ITEM_ID = '5d1f2a8e-2c3b-4d6e-8f90-1a2b3c4d5e6f';
const AUTHORITY_ORG = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const PLATFORM_ORG = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const MEMBER_ID = '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910';
const AT = '2026-03-14T09:30:00.000Z';

const incident = {
  id: INCIDENT_ID,
  ref: 'CH-2026-0001',
  title: 'Attack livestream spreading',
  summary: 'A livestream of an attack is being re-uploaded across services.',
  category: 'terrorist_content',
  protocol: 'eu-crisis-protocol',
  level: 'crisis',
  mode: 'live',
  status: 'active',
  participants: [AUTHORITY_ORG, PLATFORM_ORG],
  platforms: ['videoshare'],
  criteria: ['ongoing real-world violent event'],
  rationale: 'Perpetrator-produced footage spreading on several services',
  createdAt: AT,
  updatedAt: AT,
  lastSeq: 2,
  distribution: 'hub',
};

const cell = {
  itemId: ITEM_ID,
  platformKey: 'videoshare',
  status: 'removed',
  reason: 'Terms of service: violent extremism',
  ackDueAt: '2026-03-14T10:30:00.000Z',
  actionDueAt: '2026-03-14T11:30:00.000Z',
  acknowledgedAt: '2026-03-14T09:41:00.000Z',
  actedAt: '2026-03-14T09:52:00.000Z',
  notifiedAt: '2026-03-14T09:30:02.000Z',
  updatedAt: '2026-03-14T09:52:00.000Z',
};

/** As a platform first sees it: notified, nothing done yet. */
const pendingCell = {
  itemId: ITEM_ID,
  platformKey: 'videoshare',
  status: 'pending',
  ackDueAt: cell.ackDueAt,
  actionDueAt: cell.actionDueAt,
  updatedAt: AT,
};

const item = {
  id: ITEM_ID,
  incidentId: INCIDENT_ID,
  kind: 'url',
  url: 'https://videoshare.example/watch/abc123',
  submittedUrl: 'https://videoshare.example/watch/abc123?utm_source=x',
  channel: 'referral',
  platformKey: 'videoshare',
  visibility: 'participants',
  metadata: { contentType: 'video', language: 'en' },
  reporters: [AUTHORITY_ORG],
  createdAt: AT,
  containment: [cell],
};

export interface OperationExamples {
  request?: unknown;
  /** By status. */
  answers?: Record<string, unknown>;
}

export const EXAMPLES: Record<string, OperationExamples> = {
  declareIncident: {
    request: {
      title: incident.title,
      summary: incident.summary,
      category: 'terrorist_content',
      level: 'crisis',
      mode: 'live',
      participants: incident.participants,
      platforms: ['videoshare'],
      criteria: incident.criteria,
      rationale: incident.rationale,
    },
    answers: { '201': { ...incident, status: 'assessing', lastSeq: 1 } },
  },
  getIncident: { answers: { '200': { ...incident, overdueCount: 0 } } },
  listIncidents: { answers: { '200': { items: [incident] } } },
  activateIncident: {
    request: { rationale: 'Meets the protocol’s criteria' },
    answers: { '200': incident },
  },
  shareItem: {
    request: {
      kind: 'url',
      url: item.submittedUrl,
      channel: 'referral',
      metadata: { contentType: 'video', language: 'en' },
    },
    answers: {
      '201': { duplicate: false, item: { ...item, containment: [pendingCell] } },
      '200': { duplicate: true, item },
    },
  },
  updateContainment: {
    request: { status: 'removed', reason: cell.reason },
    answers: { '200': cell },
  },
  postIncidentMessage: {
    request: { text: 'Mirrors appearing on clipcast' },
    answers: {
      '201': {
        id: '1042',
        incidentId: INCIDENT_ID,
        seq: 3,
        type: 'message.posted',
        at: AT,
        actor: { memberId: MEMBER_ID, organisationId: AUTHORITY_ORG },
        data: { text: 'Mirrors appearing on clipcast' },
      },
    },
  },
  createBank: {
    request: { name: 'Attack footage', visibility: 'members' },
    answers: {
      '201': {
        id: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
        name: 'Attack footage',
        visibility: 'members',
        organisationId: AUTHORITY_ORG,
        signalCount: 0,
        createdAt: AT,
        negative: false,
        maxDistance: 31,
        agreement: { agree: 0, disagree: 0 },
      },
    },
  },
  matchHash: {
    request: { algorithm: 'pdq', value: 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22' },
    answers: {
      '200': {
        matches: [
          { incidentId: INCIDENT_ID, itemId: ITEM_ID, algorithm: 'pdq', distance: 6, transform: 'original' },
        ],
      },
    },
  },
};

export const WEBHOOK_EXAMPLE = {
  event: 'item.shared',
  incident,
  item: { ...item, containment: [pendingCell] },
  cell: pendingCell,
};

export const WEBHOOK_BATCH_EXAMPLE = { events: [{ id: '1042', ...WEBHOOK_EXAMPLE }] };
