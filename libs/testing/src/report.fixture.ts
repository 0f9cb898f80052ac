/**
 * The report specs' fixture: a closed crisis with three platforms, and personal data planted where a report
 * must never pick it up (SECRETS). Times are minutes after T0.
 */
import {
  newOrganisation,
  type CellRecord,
  type IncidentRecord,
  type ItemRecord,
  type EventRecord,
  type OrganisationRecord,
  type ExerciseReportPart,
  type ReportInput,
} from '@hub/domain';
import { anItem } from './domain-fixtures';

export const T0 = new Date('2025-03-01T10:00:00.000Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

export const SECRETS = {
  uploaderHandle: '@perp_uploader_7731',
  messageText: 'Meet me at the back entrance, call 0470 12 34 56',
  memberId: 'a8d3c1e2-0000-4000-8000-00000000beef',
  memberName: 'Alice Liaisonperson',
  webhookSecret: 'whsec_do_not_print',
  rationale: 'Rationale naming Inspector Dupont',
};

function org(
  id: string,
  name: string,
  kind: OrganisationRecord['kind'],
  extra: Partial<OrganisationRecord> = {},
): OrganisationRecord {
  return newOrganisation({ id, name, kind, createdAt: T0, ...extra });
}

export const ORGS = {
  coord: org('org-coord', 'EU coordination', 'coordinator'),
  be: org('org-be', 'Federal police', 'authority', { country: 'BE' }),
  videoshare: org('org-vs', 'VideoShare', 'platform', {
    platformKey: 'videoshare',
    webhookUrl: 'https://hooks.videoshare.example/hub',
    webhookSecret: SECRETS.webhookSecret,
  }),
  chirp: org('org-ch', 'Chirp', 'platform', { platformKey: 'chirp' }),
  pixgram: org('org-px', 'Pixgram', 'platform', { platformKey: 'pixgram' }),
  outsider: org('org-out', 'Unrelated NGO', 'observer'),
};

function item(id: string, minutes: number, fields: Partial<ItemRecord>): ItemRecord {
  return anItem({
    id,
    incidentId: 'inc-1',
    dedupKey: id,
    reporters: ['org-be'],
    createdBy: SECRETS.memberId,
    createdAt: at(minutes),
    ...fields,
  });
}

export const PDQ = 'f'.repeat(16) + '0'.repeat(16) + 'a'.repeat(16) + '5'.repeat(16);

export const ITEMS: ItemRecord[] = [
  item('item-1', 2, {
    kind: 'url',
    url: 'https://videoshare.example/v/abc',
    submittedUrl: 'https://VideoShare.example/v/abc?utm_source=x',
    channel: 'removal_order',
    legalReference: 'TCO art. 3, order BE-2025-17',
    platformKey: 'videoshare',
    metadata: { contentType: 'video', language: 'en', uploaderHandle: SECRETS.uploaderHandle },
  }),
  item('item-2', 5, {
    kind: 'hash',
    hashAlgorithm: 'pdq',
    hashValue: PDQ,
    hashQuality: 90,
    channel: 'referral',
    metadata: { contentType: 'image', uploaderHandle: SECRETS.uploaderHandle },
    reporters: ['org-be', 'org-coord'],
  }),
  item('item-3', 170, {
    kind: 'account',
    accountPlatform: 'chirp',
    accountHandle: '=cmd()',
    channel: 'alert',
    platformKey: 'chirp',
  }),
  item('item-4', 175, {
    kind: 'account',
    accountPlatform: 'pixgram',
    accountHandle: 'odd,"name"\nline',
    channel: 'alert',
    platformKey: 'pixgram',
  }),
];

function cell(itemId: string, platformKey: string, created: number, fields: Partial<CellRecord>): CellRecord {
  return {
    itemId,
    platformKey,
    incidentId: 'inc-1',
    status: 'notified',
    reason: null,
    ackDueAt: at(created + 15),
    actionDueAt: null,
    notifiedAt: at(created),
    acknowledgedAt: null,
    actedAt: null,
    pausedAt: null,
    overdueCount: 0,
    createdAt: at(created),
    updatedAt: at(created),
    ...fields,
  };
}

export const CELLS: CellRecord[] = [
  // The removal order: acknowledged after 5 minutes, removed after 30 (within the hour).
  cell('item-1', 'videoshare', 2, {
    status: 'removed',
    actionDueAt: at(62),
    acknowledgedAt: at(7),
    actedAt: at(32),
  }),
  // The hash: videoshare acknowledged late (18 > 15), chirp never (overdue now), pixgram in 12 then removed at 40.
  cell('item-2', 'videoshare', 5, { status: 'acknowledged', acknowledgedAt: at(23) }),
  cell('item-2', 'chirp', 5, { status: 'notified', overdueCount: 3 }),
  cell('item-2', 'pixgram', 5, { status: 'removed', acknowledgedAt: at(17), actedAt: at(45) }),
  // Late shares whose acknowledgement deadline is still ahead: open.
  cell('item-3', 'chirp', 170, { status: 'pending', notifiedAt: null }),
  cell('item-4', 'pixgram', 175, { status: 'pending', notifiedAt: null }),
];

const coordActor = { memberId: SECRETS.memberId, organisationId: 'org-coord' };
let seq = 0;
function event(
  type: string,
  minutes: number,
  data: Record<string, unknown>,
  actor: EventRecord['actor'] = coordActor,
): EventRecord {
  seq += 1;
  return {
    id: `ev-${seq}`,
    incidentId: 'inc-1',
    seq,
    type,
    at: at(minutes),
    actor,
    data,
    prevHash: 'x',
    hash: 'y',
  };
}

export const EVENTS: EventRecord[] = [
  event('incident.activated', 0, {
    status: 'active',
    level: 'incident',
    rationale: SECRETS.rationale,
    criteria: [],
  }),
  event('incident.level_changed', 1, {
    from: 'incident',
    to: 'crisis',
    rationale: SECRETS.rationale,
    deadlinesMoved: 0,
  }),
  event('incident.participant_added', 1.5, {
    organisationIds: ['org-px'],
    platformKeys: ['pixgram'],
    cells: [],
  }),
  event(
    'item.shared',
    2,
    { itemId: 'item-1', metadata: { uploaderHandle: SECRETS.uploaderHandle } },
    { memberId: SECRETS.memberId, organisationId: 'org-be' },
  ),
  event('item.shared', 5, { itemId: 'item-2' }, { memberId: SECRETS.memberId, organisationId: 'org-be' }),
  event('containment.updated', 7, { itemId: 'item-1', platformKey: 'videoshare', status: 'acknowledged' }),
  event('message.posted', 10, {
    text: SECRETS.messageText,
    displayName: SECRETS.memberName,
    role: 'liaison',
  }),
  event('message.posted', 12, {
    text: SECRETS.messageText,
    displayName: SECRETS.memberName,
    role: 'liaison',
  }),
  event(
    'containment.overdue',
    20,
    { itemId: 'item-2', platformKey: 'chirp' },
    { memberId: null, organisationId: null },
  ),
  event('incident.standing_down', 120, {
    from: 'active',
    status: 'standing_down',
    rationale: SECRETS.rationale,
  }),
  event('item.shared', 170, { itemId: 'item-3' }, { memberId: SECRETS.memberId, organisationId: 'org-be' }),
  event('item.shared', 175, { itemId: 'item-4' }, { memberId: SECRETS.memberId, organisationId: 'org-be' }),
  event('incident.closed', 178, {
    from: 'standing_down',
    status: 'closed',
    summary: 'Contained on two of three services.',
  }),
];

export const INCIDENT: IncidentRecord = {
  id: 'inc-1',
  ref: 'TC-2025-0042',
  title: '<script>alert(1)</script> Livestream, spreading',
  summary: 'Attack livestream\nspreading across services.',
  category: 'terrorist_content',
  protocol: 'eu-crisis-protocol',
  level: 'crisis',
  mode: 'live',
  status: 'closed',
  participants: ['org-coord', 'org-be', 'org-vs', 'org-ch', 'org-px'],
  platforms: ['videoshare', 'chirp', 'pixgram'],
  criteria: ['ongoing_violent_event', 'perpetrator_content'],
  rationale: SECRETS.rationale,
  closingSummary: 'Contained on two of three services.',
  reviewSummary: null,
  createdBy: SECRETS.memberId,
  createdAt: T0,
  updatedAt: at(178),
  closedAt: at(178),
  lastSeq: EVENTS.length,
  configVersion: 0,
};

export const NOW = at(180);

export const EXERCISE: ExerciseReportPart = {
  scenarioName: 'Livestreamed attack, cross-border spread',
  speed: 10,
  status: 'completed',
  injects: [
    { at: '0m', by: 'coord', do: 'activate', firedAt: at(0).toISOString(), seq: 1 },
    { at: '2m', by: 'be', do: 'share', firedAt: at(2).toISOString(), seq: 4 },
    { at: '9m', by: 'videoshare', do: 'contain', firedAt: at(9).toISOString(), seq: 6 },
    { at: '4h', by: 'coord', do: 'stand_down' },
  ],
  expectations: [
    { platformKey: 'videoshare', kind: 'acknowledge', withinMinutes: 15, actualMinutes: 9, met: true },
    { platformKey: 'videoshare', kind: 'act', withinMinutes: 60, actualMinutes: 30, met: true },
    { platformKey: 'chirp', kind: 'acknowledge', withinMinutes: 15, actualMinutes: null, met: false },
    { platformKey: 'pixgram', kind: 'acknowledge', withinMinutes: 15, actualMinutes: 22, met: false },
  ],
  overall: 50,
};

export function reportInput(extra: Partial<ReportInput> = {}): ReportInput {
  return {
    incident: INCIDENT,
    organisations: Object.values(ORGS),
    items: ITEMS,
    cells: CELLS,
    events: EVENTS,
    now: NOW,
    ...extra,
  };
}

/** Parses RFC 4180 text, so the tests read back what a spreadsheet would. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
