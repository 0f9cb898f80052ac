import type { IncidentRecord } from '../incidents/incident.model';
import type { BatchCell, MailPurpose } from './mail.ports';

/** Items listed one by one in an e-mail; the rest of a large batch is summarised and acknowledged at once. */
export const ITEMS_PER_MAIL = 50;

export interface MailContent {
  incident: IncidentRecord;
  platformKey: string;
  purpose: MailPurpose;
  tier: number;
  contactName: string;
  total: number;
  cells: { cell: BatchCell; link: string }[];
  batchLink: string;
}

const PURPOSE_LINES: Record<MailPurpose, string> = {
  new: 'New items need your attention',
  ack: 'Escalation: acknowledgement overdue',
  act: 'Escalation: action overdue',
};

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** What an item is, in one line: its URL, its hash or its account. */
export function describeItem(
  c: Pick<BatchCell, 'kind' | 'url' | 'hashAlgorithm' | 'hashValue' | 'accountHandle'>,
): string {
  if (c.kind === 'url') return c.url ?? '(url)';
  if (c.kind === 'hash') return `${c.hashAlgorithm ?? 'hash'} ${c.hashValue ?? ''}`.trim();
  return `account ${c.accountHandle ?? ''}`.trim();
}

const due = (d: Date | null) => (d ? d.toISOString().replace('.000Z', 'Z') : 'none');

/** Subject, plain text and HTML of one batch's e-mail: the incident's reference leads the subject. */
export function composeMail(m: MailContent): { subject: string; text: string; html: string } {
  const many = m.total === 1 ? '1 item' : `${m.total} items`;
  const subject = `[${m.incident.ref}] ${PURPOSE_LINES[m.purpose]} on ${m.platformKey}: ${many}`;
  const rest = m.total - m.cells.length;
  const mode = m.incident.mode === 'exercise' ? 'EXERCISE — not a real incident. ' : '';
  const text = [
    `${mode}${m.incident.title} (${m.incident.ref}, ${m.incident.level})`,
    '',
    `Hello ${m.contactName},`,
    `${PURPOSE_LINES[m.purpose]} on ${m.platformKey}: ${many}. You are contacted at tier ${m.tier}.`,
    '',
    ...m.cells.flatMap(({ cell, link }, i) => [
      `${i + 1}. ${describeItem(cell)} (${cell.channel.replace('_', ' ')}${cell.legalReference ? `, ${cell.legalReference}` : ''})`,
      `   status ${cell.status}; acknowledge by ${due(cell.ackDueAt)}; act by ${due(cell.actionDueAt)}`,
      `   answer: ${link}`,
    ]),
    ...(rest > 0 ? ['', `… and ${rest} more item${rest === 1 ? '' : 's'} not listed here.`] : []),
    '',
    `Acknowledge all ${many} at once: ${m.batchLink}`,
    '',
    'Each link opens a page of the hub that shows the item and lets you answer; nothing happens until you press a button there.',
  ].join('\n');
  const rows = m.cells
    .map(
      ({ cell, link }) =>
        `<tr><td>${escape(describeItem(cell))}</td><td>${escape(cell.channel.replace('_', ' '))}</td>` +
        `<td>${escape(cell.status)}</td><td>${escape(due(cell.ackDueAt))}</td><td>${escape(due(cell.actionDueAt))}</td>` +
        `<td><a href="${escape(link)}">answer</a></td></tr>`,
    )
    .join('');
  const html =
    `<!doctype html><html><body>` +
    (mode ? `<p><strong>${escape(mode)}</strong></p>` : '') +
    `<h1>${escape(m.incident.ref)}: ${escape(m.incident.title)}</h1>` +
    `<p>Hello ${escape(m.contactName)},</p><p>${escape(PURPOSE_LINES[m.purpose])} on <b>${escape(m.platformKey)}</b>: ${many}. ` +
    `You are contacted at tier ${m.tier}.</p>` +
    `<table border="1" cellpadding="4"><tr><th>Item</th><th>Channel</th><th>Status</th><th>Acknowledge by</th><th>Act by</th><th></th></tr>${rows}</table>` +
    (rest > 0 ? `<p>… and ${rest} more item${rest === 1 ? '' : 's'} not listed here.</p>` : '') +
    `<p><a href="${escape(m.batchLink)}">Acknowledge all ${many} at once</a></p>` +
    `<p>Each link opens a page of the hub; nothing happens until you press a button there.</p></body></html>`;
  return { subject, text, html };
}

export interface CoordinatorMailContent {
  incident: IncidentRecord;
  platformKey: string;
  purpose: MailPurpose;
  contactName: string;
  total: number;
  /** The cells listed, each with how late it is (in minutes, on the incident's clock). */
  cells: { cell: BatchCell; minutesLate: number | null }[];
  /** The incident in the console. */
  incidentLink: string;
}

const COORDINATOR_LINES: Record<MailPurpose, string> = {
  new: 'New items were sent by e-mail',
  ack: 'A platform has not acknowledged in time',
  act: 'A platform has not acted in time',
};

const late = (m: number | null) => (m === null ? 'late' : `${m} min late`);

/**
 * What the incident's coordinator is told of a platform's step of the ladder: the platform, the items and
 * how late each is, and a link to the incident in the console. No receipt links: a coordinator does not
 * answer for the platform.
 */
export function composeCoordinatorMail(m: CoordinatorMailContent): {
  subject: string;
  text: string;
  html: string;
} {
  const many = m.total === 1 ? '1 item' : `${m.total} items`;
  const subject = `[${m.incident.ref}] ${COORDINATOR_LINES[m.purpose]}: ${m.platformKey}, ${many}`;
  const rest = m.total - m.cells.length;
  const mode = m.incident.mode === 'exercise' ? 'EXERCISE — not a real incident. ' : '';
  const line = (cell: BatchCell, minutesLate: number | null) =>
    `${describeItem(cell)} (${cell.channel.replace('_', ' ')}): status ${cell.status}, ${late(minutesLate)}; ` +
    `acknowledge by ${due(cell.ackDueAt)}; act by ${due(cell.actionDueAt)}`;
  const text = [
    `${mode}${m.incident.title} (${m.incident.ref}, ${m.incident.level})`,
    '',
    `Hello ${m.contactName},`,
    `${COORDINATOR_LINES[m.purpose]}: ${m.platformKey}, ${many}. Its contacts have been escalated to.`,
    '',
    ...m.cells.map(({ cell, minutesLate }, i) => `${i + 1}. ${line(cell, minutesLate)}`),
    ...(rest > 0 ? ['', `… and ${rest} more item${rest === 1 ? '' : 's'} not listed here.`] : []),
    '',
    `The incident in the hub: ${m.incidentLink}`,
  ].join('\n');
  const items = m.cells
    .map(({ cell, minutesLate }) => `<li>${escape(line(cell, minutesLate))}</li>`)
    .join('');
  const html =
    `<!doctype html><html><body>` +
    (mode ? `<p><strong>${escape(mode)}</strong></p>` : '') +
    `<h1>${escape(m.incident.ref)}: ${escape(m.incident.title)}</h1>` +
    `<p>Hello ${escape(m.contactName)},</p><p>${escape(COORDINATOR_LINES[m.purpose])}: <b>${escape(m.platformKey)}</b>, ${many}. ` +
    `Its contacts have been escalated to.</p><ol>${items}</ol>` +
    (rest > 0 ? `<p>… and ${rest} more item${rest === 1 ? '' : 's'} not listed here.</p>` : '') +
    `<p><a href="${escape(m.incidentLink)}">The incident in the hub</a></p></body></html>`;
  return { subject, text, html };
}
