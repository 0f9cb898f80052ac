import type { IncidentRecord } from '../incidents/incident.model';
import type { BatchCell, MailPurpose } from './mail.ports';
import {
  formatDateTime,
  hasMessage,
  t,
  translator,
  type Language,
  type MessageKey,
  type Translator,
} from '@hub/i18n';

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
  /** The language the e-mail is written in (the contact's first the hub has); English when absent. */
  language?: Language;
}

const PURPOSE_LINES: Record<MailPurpose, MessageKey> = {
  new: 'mail.purpose.new',
  ack: 'mail.purpose.ack',
  act: 'mail.purpose.act',
};

/** Text made safe inside an e-mail's HTML (and its attributes). */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** What an item is, in one line: its URL, its hash or its account. */
export function describeItem(
  c: Pick<BatchCell, 'kind' | 'url' | 'hashAlgorithm' | 'hashValue' | 'accountHandle'>,
  language: Language = 'en',
): string {
  if (c.kind === 'url') return c.url ?? '(url)';
  if (c.kind === 'hash') return `${c.hashAlgorithm ?? 'hash'} ${c.hashValue ?? ''}`.trim();
  return t(language, 'item.account', { handle: c.accountHandle ?? '' }).trim();
}

/** The words of an enum value in a language (`cellStatus.not_found` → `not found`, `introuvable`). */
export const wordOf = (
  tr: Translator,
  prefix: 'cellStatus' | 'channel' | 'level' | 'answer',
  value: string,
): string => {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? tr(key) : value.replace(/_/g, ' ');
};

/**
 * A deadline as the reader writes dates, in UTC (the hub's clock; the e-mail says so). Kept per moment
 * within one e-mail: a batch's cells mostly share their deadlines, and `Intl` is the costly part.
 */
const dueIn = (language: Language, tr: Translator) => {
  const written = new Map<number, string>();
  return (d: Date | null): string => {
    if (!d) return tr('time.none');
    let text = written.get(d.getTime());
    if (text === undefined) {
      text = formatDateTime(language, d);
      written.set(d.getTime(), text);
    }
    return text;
  };
};

/** Subject, plain text and HTML of one batch's e-mail: the incident's reference leads the subject. */
export function composeMail(m: MailContent): { subject: string; text: string; html: string } {
  const language = m.language ?? 'en';
  const tr = translator(language);
  const due = dueIn(language, tr);
  const many = tr('mail.items', { count: m.total });
  const purpose = tr(PURPOSE_LINES[m.purpose]);
  const subject = tr('mail.subject', { ref: m.incident.ref, purpose, platform: m.platformKey, items: many });
  const rest = m.total - m.cells.length;
  const mode = m.incident.mode === 'exercise' ? tr('exercise.banner') : '';
  const heading = tr('mail.heading', {
    title: m.incident.title,
    ref: m.incident.ref,
    level: wordOf(tr, 'level', m.incident.level),
  });
  const intro = tr('mail.intro', { purpose, platform: m.platformKey, items: many, tier: m.tier });
  const more = rest > 0 ? tr('mail.more', { count: rest }) : '';
  const ackAll = tr('mail.ackAll', { items: many });
  const channel = (cell: BatchCell) => wordOf(tr, 'channel', cell.channel);
  const status = (cell: BatchCell) => wordOf(tr, 'cellStatus', cell.status);
  const text = [
    mode ? `${mode} ${heading}` : heading,
    '',
    tr('mail.greeting', { name: m.contactName }),
    intro,
    '',
    ...m.cells.flatMap(({ cell, link }, i) => [
      `${i + 1}. ${describeItem(cell, language)} (${channel(cell)}${cell.legalReference ? `, ${cell.legalReference}` : ''})`,
      `   ${tr('mail.itemDeadlines', { status: status(cell), ackBy: due(cell.ackDueAt), actBy: due(cell.actionDueAt) })}`,
      `   ${tr('mail.answerLine', { link })}`,
    ]),
    ...(more ? ['', more] : []),
    '',
    tr('mail.ackAllLine', { items: many, link: m.batchLink }),
    '',
    tr('mail.footer.text'),
  ].join('\n');
  const answer = escapeHtml(tr('mail.answer'));
  const rows = m.cells
    .map(
      ({ cell, link }) =>
        `<tr><td>${escapeHtml(describeItem(cell, language))}</td><td>${escapeHtml(channel(cell))}</td>` +
        `<td>${escapeHtml(status(cell))}</td><td>${escapeHtml(due(cell.ackDueAt))}</td><td>${escapeHtml(due(cell.actionDueAt))}</td>` +
        `<td><a href="${escapeHtml(link)}">${answer}</a></td></tr>`,
    )
    .join('');
  const head = (['item', 'channel', 'status', 'ackBy', 'actBy'] as const)
    .map((c) => `<th>${escapeHtml(tr(`mail.column.${c}`))}</th>`)
    .join('');
  const html =
    `<!doctype html><html lang="${language}"><body>` +
    (mode ? `<p><strong>${escapeHtml(mode)}</strong></p>` : '') +
    `<h1>${escapeHtml(m.incident.ref)}: ${escapeHtml(m.incident.title)}</h1>` +
    `<p>${escapeHtml(tr('mail.greeting', { name: m.contactName }))}</p><p>${escapeHtml(intro)}</p>` +
    `<table border="1" cellpadding="4"><tr>${head}<th></th></tr>${rows}</table>` +
    (more ? `<p>${escapeHtml(more)}</p>` : '') +
    `<p><a href="${escapeHtml(m.batchLink)}">${escapeHtml(ackAll)}</a></p>` +
    `<p>${escapeHtml(tr('mail.footer.html'))}</p></body></html>`;
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
  language?: Language;
}

const COORDINATOR_LINES: Record<MailPurpose, MessageKey> = {
  new: 'mail.coordinator.new',
  ack: 'mail.coordinator.ack',
  act: 'mail.coordinator.act',
};

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
  const language = m.language ?? 'en';
  const tr = translator(language);
  const due = dueIn(language, tr);
  const many = tr('mail.items', { count: m.total });
  const purpose = tr(COORDINATOR_LINES[m.purpose]);
  const subject = tr('mail.coordinator.subject', {
    ref: m.incident.ref,
    purpose,
    platform: m.platformKey,
    items: many,
  });
  const rest = m.total - m.cells.length;
  const mode = m.incident.mode === 'exercise' ? tr('exercise.banner') : '';
  const heading = tr('mail.heading', {
    title: m.incident.title,
    ref: m.incident.ref,
    level: wordOf(tr, 'level', m.incident.level),
  });
  const intro = tr('mail.coordinator.intro', { purpose, platform: m.platformKey, items: many });
  const more = rest > 0 ? tr('mail.more', { count: rest }) : '';
  const line = (cell: BatchCell, minutesLate: number | null) =>
    tr('mail.coordinator.line', {
      item: describeItem(cell, language),
      channel: wordOf(tr, 'channel', cell.channel),
      status: wordOf(tr, 'cellStatus', cell.status),
      late:
        minutesLate === null
          ? tr('mail.coordinator.lateUnknown')
          : tr('mail.coordinator.late', { minutes: minutesLate }),
      ackBy: due(cell.ackDueAt),
      actBy: due(cell.actionDueAt),
    });
  const text = [
    mode ? `${mode} ${heading}` : heading,
    '',
    tr('mail.greeting', { name: m.contactName }),
    intro,
    '',
    ...m.cells.map(({ cell, minutesLate }, i) => `${i + 1}. ${line(cell, minutesLate)}`),
    ...(more ? ['', more] : []),
    '',
    tr('mail.coordinator.linkLine', { link: m.incidentLink }),
  ].join('\n');
  const items = m.cells
    .map(({ cell, minutesLate }) => `<li>${escapeHtml(line(cell, minutesLate))}</li>`)
    .join('');
  const html =
    `<!doctype html><html lang="${language}"><body>` +
    (mode ? `<p><strong>${escapeHtml(mode)}</strong></p>` : '') +
    `<h1>${escapeHtml(m.incident.ref)}: ${escapeHtml(m.incident.title)}</h1>` +
    `<p>${escapeHtml(tr('mail.greeting', { name: m.contactName }))}</p><p>${escapeHtml(intro)}</p><ol>${items}</ol>` +
    (more ? `<p>${escapeHtml(more)}</p>` : '') +
    `<p><a href="${escapeHtml(m.incidentLink)}">${escapeHtml(tr('mail.coordinator.link'))}</a></p></body></html>`;
  return { subject, text, html };
}
