import type { ExportSource } from './export.model';

/*
 * The file exchange python-threatexchange and HMA read (LocalFileSignalExchangeAPI): one signal a line,
 * `<signal type> <value>`, the type being the signal type's name: `pdq`, `video_md5` (its MD5 type), `url`.
 * It has no SHA-1, SHA-256, TMK, vPDQ or account types, so those items are left out of this format.
 */
export const TE_SIGNAL_TYPES = { pdq: 'pdq', md5: 'video_md5', url: 'url' } as const;

export function toTeLines({ items }: ExportSource): string {
  const lines: string[] = [];
  for (const item of items) {
    if (item.kind === 'url' && item.url) lines.push(`${TE_SIGNAL_TYPES.url} ${item.url}`);
    if (item.kind === 'hash' && (item.hashAlgorithm === 'pdq' || item.hashAlgorithm === 'md5')) {
      lines.push(`${TE_SIGNAL_TYPES[item.hashAlgorithm]} ${item.hashValue}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
