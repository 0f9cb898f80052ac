import { composeMail, ITEMS_PER_MAIL, signLink, type BatchCell, type IncidentRecord } from '@hub/domain';
import { LANGUAGES, type Language } from '@hub/i18n';
import { arg, percentile, round, runBench, saveResult } from '../lib/bench-hub';

/**
 * What e-mails in the contacts' languages cost: one batch of `--cells` items (the e-mail lists the first 50)
 * composed for `--contacts` contacts, each e-mail with its signed receipt links, first with every contact
 * in English, then with the contacts spread over the seven languages. The first round of each is cold (the
 * messages compiled, the `Intl` formatters made); the next `--rounds` are warm. Pure CPU in this process:
 * no database, no SMTP. Goal (issue 28): at most 5 ms added per e-mail.
 * Run: `npm run build && node dist/bench/mail/languages.bench.js [--contacts=70] [--cells=200] [--rounds=20]`.
 */
const CONTACTS = arg('contacts', 70);
const CELLS = arg('cells', 200);
const ROUNDS = arg('rounds', 20);

const incident = {
  id: '6f1c1c9e-0f5b-4e43-9b1a-0a0f3b0c1d2e',
  ref: 'CH-2026-0042',
  title: 'Livestreamed attack: copies spreading',
  level: 'crisis',
  mode: 'live',
} as IncidentRecord;
const due = new Date('2026-12-07T06:00:00Z');
const cells: BatchCell[] = Array.from({ length: CELLS }, (_, i) => ({
  itemId: `0b9e6f1a-3c1d-4a8e-9f0b-${String(i).padStart(12, '0')}`,
  platformKey: 'videoshare',
  kind: 'url',
  url: `https://videoshare.example/v/copy-${i}`,
  hashAlgorithm: null,
  hashValue: null,
  accountHandle: null,
  channel: i % 3 === 0 ? 'removal_order' : 'referral',
  legalReference: i % 3 === 0 ? 'TCO art. 3' : null,
  status: 'notified',
  ackDueAt: due,
  actionDueAt: new Date(due.getTime() + 3_600_000),
}));
const key = Buffer.alloc(32, 7);

/** One batch: an e-mail per contact, as the mail use case writes it (links signed per contact). */
function batch(languages: Language[]): { ms: number; bytes: number } {
  const t0 = performance.now();
  let bytes = 0;
  for (let c = 0; c < CONTACTS; c++) {
    const language = languages[c % languages.length];
    const contactId = `2c3d4e5f-6a7b-4c8d-9e0f-${String(c).padStart(12, '0')}`;
    const link = (itemId: string) =>
      `https://hub.example/r/${signLink(key, { kind: 'cell', incidentId: incident.id, itemId, platformKey: 'videoshare', contactId, exercise: false, expiresAt: due, language })}`;
    const mail = composeMail({
      incident,
      platformKey: 'videoshare',
      purpose: 'new',
      tier: 1,
      contactName: `Desk ${c}`,
      total: CELLS,
      cells: cells.slice(0, ITEMS_PER_MAIL).map((cell) => ({ cell, link: link(cell.itemId) })),
      batchLink: `https://hub.example/r/${signLink(key, { kind: 'batch', batchKey: 'mail_x', contactId, exercise: false, expiresAt: due, language })}`,
      language,
    });
    bytes = Math.max(bytes, Buffer.byteLength(mail.text) + Buffer.byteLength(mail.html));
  }
  return { ms: (performance.now() - t0) / CONTACTS, bytes };
}

async function main(): Promise<void> {
  const english: Language[] = ['en'];
  const seven = [...LANGUAGES];
  const cold = { english: batch(english), seven: batch(seven) };
  const warm = { english: [] as number[], seven: [] as number[] };
  let largest = 0;
  for (let r = 0; r < ROUNDS; r++) {
    // Alternated, so drift of a shared machine weighs on both alike.
    const a = batch(english);
    const b = batch(seven);
    warm.english.push(a.ms);
    warm.seven.push(b.ms);
    largest = Math.max(largest, a.bytes, b.bytes);
  }
  const med = (v: number[]) => round(percentile(v, 50), 3);
  const result = {
    contacts: CONTACTS,
    cells: CELLS,
    listed: ITEMS_PER_MAIL,
    rounds: ROUNDS,
    msPerMail: {
      coldEnglish: round(cold.english.ms, 3),
      coldSeven: round(cold.seven.ms, 3),
      warmEnglishMedian: med(warm.english),
      warmSevenMedian: med(warm.seven),
      warmEnglishP90: round(percentile(warm.english, 90), 3),
      warmSevenP90: round(percentile(warm.seven, 90), 3),
    },
    addedPerMailWarm: round(percentile(warm.seven, 50) - percentile(warm.english, 50), 3),
    addedPerMailCold: round(cold.seven.ms - cold.english.ms, 3),
    largestMailBytes: largest,
  };
  console.table(result.msPerMail);
  console.log(JSON.stringify(result, null, 2));
  saveResult('mail-languages', result);
}

runBench(main);
