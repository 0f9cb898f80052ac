import type { LinkRefusal, ReceiptPage } from '@hub/domain';
import { describeItem, wordOf } from '@hub/domain';
import { formatDateTime, LANGUAGE_NAMES, LANGUAGES, translator, type Language } from '@hub/i18n';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Each language by its own name, linking to this page in it (`?lang=`); the current one unlinked. */
function switcher(language: Language, self: string | undefined): string {
  if (!self) return '';
  const tr = translator(language);
  const links = LANGUAGES.map((l) =>
    l === language
      ? `<strong lang="${l}">${escape(LANGUAGE_NAMES[l])}</strong>`
      : `<a href="${escape(`${self}?lang=${l}`)}" lang="${l}" hreflang="${l}">${escape(LANGUAGE_NAMES[l])}</a>`,
  ).join(' · ');
  return `<nav class="note" aria-label="${escape(tr('receipt.language'))}">${links}</nav>`;
}

/**
 * The receipt pages' frame: no script, no external resources, nothing cached, not indexed. `self` (the
 * page's own path) adds the language switcher.
 */
function frame(language: Language, title: string, body: string, self?: string): string {
  return (
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<meta name="robots" content="noindex"><title>${escape(title)}</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.4}` +
    `dt{font-weight:bold}button{margin:.2rem .4rem .2rem 0;padding:.4rem .8rem}.note{color:#555}</style></head>` +
    `<body>${switcher(language, self)}${body}</body></html>`
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

export function refusalPage(language: Language, message: string, self?: string): string {
  const tr = translator(language);
  return frame(
    language,
    tr('receipt.refused.title'),
    `<h1>${escape(tr('receipt.refused.heading'))}</h1><p>${escape(message)}</p>`,
    self,
  );
}

/** A page saying nothing was recorded, and why. */
export function errorPage(language: Language, message: string, self?: string): string {
  const title = translator(language)('receipt.nothingRecorded');
  return frame(language, title, `<h1>${escape(title)}</h1><p>${escape(message)}</p>`, self);
}

/**
 * The page of a link, in `language`: what it is about, its deadlines, and a form per answer (POST, never
 * on GET). `self` is the page's path; the forms post back to it in the same language.
 */
export function receiptPage(page: ReceiptPage, self: string, language: Language, notice?: string): string {
  const tr = translator(language);
  const at = (d: Date | null) => (d ? formatDateTime(language, d) : tr('time.none'));
  const action = `${self}?lang=${language}`;
  const exercise =
    page.incident.mode === 'exercise' ? `<p><strong>${escape(tr('exercise.banner'))}</strong></p>` : '';
  const level = tr('receipt.levelLine', { level: wordOf(tr, 'level', page.incident.level) });
  const head = `${exercise}<p class="note">${escape(page.incident.ref)} · ${escape(page.incident.title)} · ${escape(level)}</p>`;
  const done = notice ? `<p role="status"><strong>${escape(notice)}</strong></p>` : '';
  if (page.kind === 'batch') {
    const form =
      page.waiting > 0
        ? `<form method="post" action="${escape(action)}"><input type="hidden" name="status" value="acknowledged">` +
          `<button type="submit">${escape(tr('receipt.batch.ackAll', { waiting: page.waiting }))}</button></form>`
        : `<p>${escape(tr('receipt.batch.allDone'))}</p>`;
    return frame(
      language,
      `${page.incident.ref}: ${page.platformKey}`,
      `${head}<h1>${escape(tr('receipt.batch.heading', { platform: page.platformKey, count: page.total }))}</h1>${done}` +
        `<p>${escape(tr('receipt.batch.for', { name: page.contact.name, waiting: page.waiting }))}</p>${form}`,
      self,
    );
  }
  const { cell, item } = page;
  const forms = page.answers
    .map(
      (a) =>
        `<form method="post" action="${escape(action)}"><input type="hidden" name="status" value="${a.status}">` +
        (a.reasonRequired
          ? `<label>${escape(tr('receipt.reasonRequired'))} <input name="reason" required maxlength="2000"></label> `
          : '') +
        `<button type="submit">${escape(wordOf(tr, 'answer', a.status))}</button></form>`,
    )
    .join('');
  const described = describeItem(
    {
      kind: item.kind,
      url: item.url,
      hashAlgorithm: item.hashAlgorithm,
      hashValue: item.hashValue,
      accountHandle: item.accountHandle,
    },
    language,
  );
  return frame(
    language,
    `${page.incident.ref}: ${cell.platformKey}`,
    `${head}<h1>${escape(cell.platformKey)}: ${escape(wordOf(tr, 'cellStatus', cell.status))}</h1>${done}` +
      `<dl><dt>${escape(tr('receipt.field.item'))}</dt><dd>${escape(described)}</dd>` +
      `<dt>${escape(tr('receipt.field.channel'))}</dt><dd>${escape(wordOf(tr, 'channel', item.channel))}${item.legalReference ? ` (${escape(item.legalReference)})` : ''}</dd>` +
      `<dt>${escape(tr('receipt.field.ackBy'))}</dt><dd>${escape(at(cell.ackDueAt))}</dd>` +
      `<dt>${escape(tr('receipt.field.actBy'))}</dt><dd>${escape(at(cell.actionDueAt))}</dd></dl>` +
      `<p>${escape(tr('receipt.cell.for', { name: page.contact.name, platform: cell.platformKey }))}</p>${forms}`,
    self,
  );
}
