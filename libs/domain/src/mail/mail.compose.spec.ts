import type { IncidentRecord } from '../incidents/incident.model';
import { composeCoordinatorMail } from './mail.compose';
import type { BatchCell } from './mail.ports';

const incident = {
  id: 'inc-1',
  ref: 'CH-2026-0007',
  title: 'Attack <livestream>',
  level: 'crisis',
  mode: 'live',
} as IncidentRecord;

const cell = (n: number): BatchCell => ({
  itemId: `item-${n}`,
  platformKey: 'videoshare',
  kind: 'url',
  url: `https://videoshare.example/v/${n}`,
  hashAlgorithm: null,
  hashValue: null,
  accountHandle: null,
  channel: 'removal_order',
  legalReference: null,
  status: 'notified',
  ackDueAt: new Date('2026-12-01T10:15:00Z'),
  actionDueAt: new Date('2026-12-01T11:00:00Z'),
});

describe("the coordinator's e-mail", () => {
  const mail = composeCoordinatorMail({
    incident,
    platformKey: 'videoshare',
    purpose: 'act',
    contactName: 'EU duty desk',
    total: 3,
    cells: [
      { cell: cell(1), minutesLate: 12 },
      { cell: cell(2), minutesLate: null },
    ],
    incidentLink: 'https://hub.example/#/incidents/inc-1',
  });

  it('names the incident, the platform, each item and how late it is', () => {
    expect(mail.subject).toBe('[CH-2026-0007] A platform has not acted in time: videoshare, 3 items');
    expect(mail.text).toContain(
      '1. https://videoshare.example/v/1 (removal order): status notified, 12 min late',
    );
    expect(mail.text).toContain('2. https://videoshare.example/v/2 (removal order): status notified, late;');
    expect(mail.text).toContain('… and 1 more item not listed here.');
    expect(mail.text).toContain('https://hub.example/#/incidents/inc-1');
  });

  it('carries no receipt link, and escapes what it shows in HTML', () => {
    expect(mail.text).not.toContain('/r/');
    expect(mail.html).not.toContain('/r/');
    expect(mail.html).toContain('Attack &lt;livestream&gt;');
    expect(mail.html).toContain('<a href="https://hub.example/#/incidents/inc-1">');
  });
});
