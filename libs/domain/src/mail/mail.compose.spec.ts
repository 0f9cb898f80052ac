import type { IncidentRecord } from '../incidents/incident.model';
import { LANGUAGES, type Language } from '@hub/i18n';
import { composeCoordinatorMail, composeMail, ITEMS_PER_MAIL } from './mail.compose';
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

describe("a contact's e-mail in each language", () => {
  const mailIn = (language: Language) =>
    composeMail({
      incident,
      platformKey: 'videoshare',
      purpose: 'new',
      tier: 1,
      contactName: 'Duty desk',
      total: 60,
      cells: Array.from({ length: ITEMS_PER_MAIL }, (_, i) => ({
        cell: cell(i),
        link: `https://hub.example/r/${'x'.repeat(180)}${i}`,
      })),
      batchLink: 'https://hub.example/r/batch',
      language,
    });
  const english = mailIn('en');
  const size = (m: { subject: string; text: string; html: string }) =>
    Buffer.byteLength(m.subject + m.text + m.html);

  it.each(LANGUAGES)(
    '%s stays within the budget of a 50-item e-mail (64 KB, at most 1.5× English)',
    (language) => {
      const mail = mailIn(language);
      expect(size(mail)).toBeLessThan(64 * 1024);
      expect(size(mail)).toBeLessThan(size(english) * 1.5);
      expect(mail.html).toContain(`<html lang="${language}">`);
    },
  );

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s leaves none of the English sentences', (language) => {
    const mail = mailIn(language);
    for (const phrase of [
      'New items need your attention',
      'Acknowledge all',
      'Hello',
      'acknowledge by',
      'not listed here',
    ]) {
      expect(mail.text).not.toContain(phrase);
      expect(mail.html).not.toContain(phrase);
    }
  });
});
