import type { LinkRefusal, ReceiptPage } from '@hub/domain';
import { describeItem } from '@hub/domain';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const words = (s: string) => s.replace(/_/g, ' ');
const at = (d: Date | null) => (d ? d.toISOString().replace('.000Z', 'Z') : 'none');

/** The receipt pages' frame: no script, no external resources, nothing cached, not indexed. */
function frame(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<meta name="robots" content="noindex"><title>${escape(title)}</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.4}` +
    `dt{font-weight:bold}button{margin:.2rem .4rem .2rem 0;padding:.4rem .8rem}.note{color:#555}</style></head>` +
    `<body>${body}</body></html>`
  );
}

/** The HTTP status of each refusal: a damaged or foreign link 400, gone 404, closed 409, expired 410. */
export const REFUSAL_STATUS: Record<LinkRefusal, number> = {
  invalid: 400,
  mode: 400,
  gone: 404,
  closed: 409,
  expired: 410,
};

export function refusalPage(message: string): string {
  return frame('Link refused', `<h1>This link cannot be used</h1><p>${escape(message)}</p>`);
}

export function errorPage(title: string, message: string): string {
  return frame(title, `<h1>${escape(title)}</h1><p>${escape(message)}</p>`);
}

/** The page of a link: what it is about, its deadlines, and a form per answer (POST, never on GET). */
export function receiptPage(page: ReceiptPage, action: string, notice?: string): string {
  const exercise =
    page.incident.mode === 'exercise' ? '<p><strong>EXERCISE — not a real incident.</strong></p>' : '';
  const head = `${exercise}<p class="note">${escape(page.incident.ref)} · ${escape(page.incident.title)} · level ${escape(page.incident.level)}</p>`;
  const done = notice ? `<p role="status"><strong>${escape(notice)}</strong></p>` : '';
  if (page.kind === 'batch') {
    const form =
      page.waiting > 0
        ? `<form method="post" action="${escape(action)}"><input type="hidden" name="status" value="acknowledged">` +
          `<button type="submit">Acknowledge all ${page.waiting} waiting item${page.waiting === 1 ? '' : 's'}</button></form>`
        : '<p>Every item of this e-mail has been acknowledged.</p>';
    return frame(
      `${page.incident.ref}: ${page.platformKey}`,
      `${head}<h1>${escape(page.platformKey)}: ${page.total} item${page.total === 1 ? '' : 's'}</h1>${done}` +
        `<p>For ${escape(page.contact.name)}. ${page.waiting} still wait for an acknowledgement.</p>${form}`,
    );
  }
  const { cell, item } = page;
  const forms = page.answers
    .map(
      (a) =>
        `<form method="post" action="${escape(action)}"><input type="hidden" name="status" value="${a.status}">` +
        (a.reasonRequired
          ? `<label>Reason (required) <input name="reason" required maxlength="2000"></label> `
          : '') +
        `<button type="submit">${escape(words(a.status === 'acknowledged' ? 'acknowledge' : a.status))}</button></form>`,
    )
    .join('');
  return frame(
    `${page.incident.ref}: ${cell.platformKey}`,
    `${head}<h1>${escape(cell.platformKey)}: ${escape(words(cell.status))}</h1>${done}` +
      `<dl><dt>Item</dt><dd>${escape(describeItem({ kind: item.kind, url: item.url, hashAlgorithm: item.hashAlgorithm, hashValue: item.hashValue, accountHandle: item.accountHandle }))}</dd>` +
      `<dt>Channel</dt><dd>${escape(words(item.channel))}${item.legalReference ? ` (${escape(item.legalReference)})` : ''}</dd>` +
      `<dt>Acknowledge by</dt><dd>${at(cell.ackDueAt)}</dd><dt>Act by</dt><dd>${at(cell.actionDueAt)}</dd></dl>` +
      `<p>For ${escape(page.contact.name)}. Your answer is recorded in the incident as ${escape(cell.platformKey)}'s.</p>${forms}`,
  );
}
