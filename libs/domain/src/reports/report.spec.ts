import 'reflect-metadata';
import type { CellRecord, EventRecord, IncidentRecord, ItemRecord, OrganisationRecord } from '../model';
import {
  buildReport,
  type ExerciseReportPart,
  type IncidentReport,
  type ReportInput,
} from './report.builder';
import { csvField, renderCsv, renderHtml, renderMarkdown } from './report.render';

/** A closed crisis with three platforms, for the report specs. Times are minutes after T0. */
const T0 = new Date('2025-03-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const SECRETS = {
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
  return {
    id,
    name,
    kind,
    country: null,
    platformKey: null,
    domains: [],
    webhookUrl: null,
    webhookSecret: null,
    exerciseWebhookUrl: null,
    exerciseWebhookSecret: null,
    simulated: false,
    createdAt: T0,
    ...extra,
  };
}

const ORGS = {
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
  return {
    id,
    incidentId: 'inc-1',
    kind: 'url',
    dedupKey: id,
    url: null,
    submittedUrl: null,
    hashAlgorithm: null,
    hashValue: null,
    hashQuality: null,
    accountPlatform: null,
    accountHandle: null,
    channel: 'alert',
    legalReference: null,
    platformKey: null,
    metadata: {},
    reporters: ['org-be'],
    variantOf: null,
    createdBy: SECRETS.memberId,
    createdAt: at(minutes),
    ...fields,
  };
}

const PDQ = 'f'.repeat(16) + '0'.repeat(16) + 'a'.repeat(16) + '5'.repeat(16);

const ITEMS: ItemRecord[] = [
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

const CELLS: CellRecord[] = [
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

const EVENTS: EventRecord[] = [
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

const INCIDENT: IncidentRecord = {
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

const NOW = at(180);

const EXERCISE: ExerciseReportPart = {
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

function reportInput(extra: Partial<ReportInput> = {}): ReportInput {
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

const renderAll = (report: IncidentReport): Record<string, string> => ({
  json: JSON.stringify(report),
  md: renderMarkdown(report),
  html: renderHtml(report),
  csv: renderCsv(report),
});

/** Parses RFC 4180 text, so the tests read back what a spreadsheet would. */
function parseCsv(text: string): string[][] {
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

describe('buildReport', () => {
  const report = buildReport(reportInput());

  it('carries the incident header', () => {
    expect(report.incident).toMatchObject({
      ref: 'TC-2025-0042',
      category: 'terrorist_content',
      protocol: 'eu-crisis-protocol',
      level: 'crisis',
      mode: 'live',
      status: 'closed',
      createdAt: '2025-03-01T10:00:00.000Z',
      closedAt: '2025-03-01T12:58:00.000Z',
      closingSummary: 'Contained on two of three services.',
      reviewSummary: null,
    });
    expect(report.generatedAt).toBe(NOW.toISOString());
  });

  it('summarises the timeline and its key moments', () => {
    expect(report.timeline).toMatchObject({
      events: 13,
      firstEventAt: T0.toISOString(),
      lastEventAt: at(178).toISOString(),
      messages: 2,
    });
    expect(report.timeline.countsByType).toEqual({
      'containment.overdue': 1,
      'containment.updated': 1,
      'incident.activated': 1,
      'incident.closed': 1,
      'incident.level_changed': 1,
      'incident.participant_added': 1,
      'incident.standing_down': 1,
      'item.shared': 4,
      'message.posted': 2,
    });
    expect(report.timeline.moments).toEqual([
      {
        seq: 1,
        type: 'incident.activated',
        at: T0.toISOString(),
        by: 'EU coordination',
        status: 'active',
        level: 'incident',
      },
      {
        seq: 2,
        type: 'incident.level_changed',
        at: at(1).toISOString(),
        by: 'EU coordination',
        fromLevel: 'incident',
        toLevel: 'crisis',
      },
      {
        seq: 3,
        type: 'incident.participant_added',
        at: at(1.5).toISOString(),
        by: 'EU coordination',
        added: ['Pixgram', 'platform pixgram'],
      },
      {
        seq: 10,
        type: 'incident.standing_down',
        at: at(120).toISOString(),
        by: 'EU coordination',
        status: 'standing_down',
      },
      {
        seq: 13,
        type: 'incident.closed',
        at: at(178).toISOString(),
        by: 'EU coordination',
        status: 'closed',
      },
    ]);
  });

  it('lists the participating organisations only, without members or webhooks', () => {
    expect(report.participants).toEqual([
      { name: 'EU coordination', kind: 'coordinator', country: null, platformKey: null },
      { name: 'Federal police', kind: 'authority', country: 'BE', platformKey: null },
      { name: 'Chirp', kind: 'platform', country: null, platformKey: 'chirp' },
      { name: 'Pixgram', kind: 'platform', country: null, platformKey: 'pixgram' },
      { name: 'VideoShare', kind: 'platform', country: null, platformKey: 'videoshare' },
    ]);
  });

  it('counts items by kind, channel and content type, and lists removal orders with their legal reference', () => {
    expect(report.items).toMatchObject({
      total: 4,
      byKind: { url: 1, hash: 1, account: 2 },
      byChannel: { alert: 2, referral: 1, removal_order: 1 },
      byContentType: { image: 1, unspecified: 2, video: 1 },
      variants: 0,
      reportedBySeveral: 1,
    });
    expect(report.items.removalOrders).toEqual([
      {
        itemId: 'item-1',
        target: 'https://videoshare.example/v/abc',
        legalReference: 'TCO art. 3, order BE-2025-17',
        issuedAt: at(2).toISOString(),
        issuedBy: ['Federal police'],
        platforms: ['videoshare'],
      },
    ]);
  });

  it('gives the per-platform containment numbers of the containment summary', () => {
    expect(report.containment.ackDeadlineMinutes).toBe(15);
    const byKey = Object.fromEntries(report.containment.platforms.map((p) => [p.platformKey, p]));
    expect(report.containment.platforms.map((p) => p.platformKey)).toEqual([
      'chirp',
      'pixgram',
      'videoshare',
    ]);
    expect(byKey.videoshare).toMatchObject({
      organisation: 'VideoShare',
      cells: 2,
      acknowledged: 2,
      acted: 1,
      overdue: 0,
      ackMedianMinutes: 5,
      ackP90Minutes: 18,
      actMedianMinutes: 30,
      actP90Minutes: 30,
      withinDeadlineShare: 0.5,
    });
    expect(byKey.videoshare.counts).toMatchObject({ removed: 1, acknowledged: 1, notified: 0 });
    expect(byKey.chirp).toMatchObject({
      cells: 2,
      acknowledged: 0,
      acted: 0,
      overdue: 1,
      ackMedianMinutes: null,
      actMedianMinutes: null,
      withinDeadlineShare: 0,
    });
    expect(byKey.pixgram).toMatchObject({
      cells: 2,
      acknowledged: 1,
      acted: 1,
      overdue: 0,
      ackMedianMinutes: 12,
      ackP90Minutes: 12,
      actMedianMinutes: 40,
      withinDeadlineShare: 1,
    });
  });

  it('gives one row per item and platform with times, minutes and deadline verdicts', () => {
    const rows = report.containment.rows;
    expect(rows.map((r) => `${r.itemId}/${r.platformKey}`)).toEqual([
      'item-1/videoshare',
      'item-2/chirp',
      'item-2/pixgram',
      'item-2/videoshare',
      'item-3/chirp',
      'item-4/pixgram',
    ]);
    expect(rows[0]).toEqual({
      itemId: 'item-1',
      kind: 'url',
      target: 'https://videoshare.example/v/abc',
      url: 'https://videoshare.example/v/abc',
      hashAlgorithm: null,
      hashValue: null,
      accountPlatform: null,
      accountHandle: null,
      channel: 'removal_order',
      platformKey: 'videoshare',
      status: 'removed',
      createdAt: at(2).toISOString(),
      ackDueAt: at(17).toISOString(),
      acknowledgedAt: at(7).toISOString(),
      minutesToAcknowledge: 5,
      metAckDeadline: 'yes',
      actionDueAt: at(62).toISOString(),
      actedAt: at(32).toISOString(),
      minutesToAct: 30,
      metActionDeadline: 'yes',
    });
    expect(rows[1]).toMatchObject({
      target: `pdq:${PDQ}`,
      status: 'notified',
      metAckDeadline: 'no',
      metActionDeadline: null,
    });
    expect(rows[2]).toMatchObject({ minutesToAcknowledge: 12, metAckDeadline: 'yes', minutesToAct: 40 });
    expect(rows[3]).toMatchObject({ minutesToAcknowledge: 18, metAckDeadline: 'no' });
    expect(rows[4]).toMatchObject({
      target: 'chirp:=cmd()',
      status: 'pending',
      metAckDeadline: 'open',
      minutesToAcknowledge: null,
    });
  });

  it('is a pure function of its input', () => {
    expect(buildReport(reportInput())).toEqual(report);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('has no exercise part unless one is given', () => {
    expect(report.exercise).toBeUndefined();
  });
});

describe('personal data', () => {
  const outputs = renderAll(buildReport(reportInput({ exercise: EXERCISE })));

  it.each(Object.keys(outputs))(
    'the %s report holds no uploader handle, message text, member or secret',
    (format) => {
      const text = outputs[format];
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
      expect(text).not.toContain('uploaderHandle');
    },
  );

  it('still counts the messages', () => {
    expect(outputs.md).toContain('Messages posted: 2');
    expect(outputs.html).toContain('2 messages posted');
  });
});

describe('renderHtml', () => {
  const html = renderHtml(buildReport(reportInput()));

  it('is a standalone HTML5 document with inline CSS and nothing to load', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<style>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<link|<img|<script|<iframe|\ssrc=|\shref=/i);
  });

  it('escapes every interpolated string', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Livestream, spreading');
    expect(html).toContain('pixgram:odd,&quot;name&quot;');
  });

  it('charts the median minutes to acknowledge against the level deadline, with words beside the colours', () => {
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg).toContain('Median minutes to acknowledge per platform');
    expect(svg).toContain('5 min, within (deadline 15 min)');
    expect(svg).toContain('12 min, within (deadline 15 min)');
    expect(svg).toContain('never (deadline 15 min)');
  });

  it('shows the per-platform and per-cell tables', () => {
    expect(html).toContain('VideoShare');
    expect(html).toContain('50 %');
    expect(html).toContain('TCO art. 3, order BE-2025-17');
    expect(html).toContain('<span class="v-open">open</span>');
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(buildReport(reportInput()));

  it('neutralises HTML and Markdown in interpolated text', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps the tables intact when a value holds a pipe or a newline', () => {
    const rowOf4 = md.split('\n').find((l) => l.includes('item-4') && l.includes('pixgram'));
    expect(rowOf4).toBeDefined();
    expect(rowOf4).toContain('`pixgram:odd,"name" line`');
  });

  it('has the key numbers', () => {
    expect(md).toContain('# After-action report: TC-2025-0042');
    expect(md).toContain('| chirp (Chirp) | 2 | 0 | 0 | 1 | — | — | — | — | 0 % |');
    expect(md).toContain(
      '| videoshare (VideoShare) | 2 | 2 | 1 | 0 | 5 min | 18 min | 30 min | 30 min | 50 % |',
    );
    expect(md).toContain('Acknowledgement deadline at this level: 15 min.');
  });
});

describe('renderCsv', () => {
  const csv = renderCsv(buildReport(reportInput()));
  const rows = parseCsv(csv);

  it('has a header row and one CRLF-terminated row per item and platform', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(rows[0]).toEqual([
      'itemId',
      'kind',
      'url',
      'hashAlgorithm',
      'hashValue',
      'accountPlatform',
      'accountHandle',
      'channel',
      'platformKey',
      'status',
      'createdAt',
      'ackDueAt',
      'acknowledgedAt',
      'minutesToAcknowledge',
      'metAckDeadline',
      'actionDueAt',
      'actedAt',
      'minutesToAct',
      'metActionDeadline',
    ]);
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.length === 19)).toBe(true);
    expect(rows[1]).toEqual([
      'item-1',
      'url',
      'https://videoshare.example/v/abc',
      '',
      '',
      '',
      '',
      'removal_order',
      'videoshare',
      'removed',
      at(2).toISOString(),
      at(17).toISOString(),
      at(7).toISOString(),
      '5',
      'yes',
      at(62).toISOString(),
      at(32).toISOString(),
      '30',
      'yes',
    ]);
  });

  it('quotes commas, quotes and newlines', () => {
    expect(csv).toContain(',"odd,""name""\nline",');
    expect(rows[6][6]).toBe('odd,"name"\nline');
  });

  it('neutralises formulas', () => {
    expect(rows[5][6]).toBe("'=cmd()");
    expect(csv).not.toMatch(/(^|,)=cmd/m);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['plain', 'plain'],
    [null, ''],
    [12.5, '12.5'],
  ])('csvField(%j) is %j', (input, output) => {
    expect(csvField(input)).toBe(output);
  });
});

describe('the exercise part', () => {
  const report = buildReport(
    reportInput({ incident: { ...INCIDENT, mode: 'exercise' }, exercise: EXERCISE }),
  );

  it('carries the scenario, injects, expectations and score', () => {
    expect(report.exercise).toMatchObject({
      scenarioName: 'Livestreamed attack, cross-border spread',
      speed: 10,
      status: 'completed',
      overall: 50,
      met: 2,
      missed: 2,
    });
    expect(report.exercise?.injects).toHaveLength(4);
    expect(report.exercise?.injects[3]).toEqual({ at: '4h', by: 'coord', do: 'stand_down' });
  });

  it('copies only the known exercise fields', () => {
    const injects = EXERCISE.injects.map((i) => ({ ...i, text: SECRETS.messageText }));
    const withText = buildReport(reportInput({ exercise: { ...EXERCISE, injects } }));
    expect(JSON.stringify(withText)).not.toContain(SECRETS.messageText);
  });

  it('renders expectations met and missed, and an SVG chart, in HTML', () => {
    const html = renderHtml(report);
    expect(html).toContain('Livestreamed attack, cross-border spread');
    expect(html).toContain('2 met, 2 missed');
    expect(html).toContain('✓ met');
    expect(html).toContain('✗ missed');
    expect(html).toContain('not fired');
    const charts = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(2);
    const exercise = charts.find((c) => c.includes('Exercise: time to acknowledge'))!;
    expect(exercise).toContain('9 min, within (deadline 15 min)');
    expect(exercise).toContain('22 min, over (deadline 15 min)');
    expect(exercise).toContain('never (deadline 15 min)');
    // One deadline line per acknowledge expectation (plus the legend's).
    expect(exercise.match(/stroke-dasharray/g)).toHaveLength(4);
  });

  it('embeds the same chart in Markdown as a data URI image', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('**met**');
    expect(md).toContain('**missed**');
    expect(md).toContain('- Expectations: 2 met, 2 missed');
    const images = [...md.matchAll(/!\[([^\]]*)\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/g)];
    const exercise = images.find((m) => m[1].startsWith('Exercise'));
    expect(exercise).toBeDefined();
    const svg = Buffer.from(exercise![2], 'base64').toString('utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('never (deadline 15 min)');
  });
});
