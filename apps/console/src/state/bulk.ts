import type { HashAlgorithm, HashDto, ShareItemDto } from '@hub/contracts';

/** One pasted line as an item to share, remembering its line number for the refusals. */
export interface BulkLine {
  line: number;
  item: Omit<ShareItemDto, 'channel'>;
}

/**
 * Pasted text to items: a line that starts with http(s) is a URL, any other non-empty line a hash of the
 * chosen algorithm (a `pdq` line may carry its quality after a comma or a space: `<hex>,90`). The hub
 * checks every item; this only splits the text.
 */
export function bulkLines(text: string, algorithm: HashAlgorithm): BulkLine[] {
  const lines: BulkLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    if (/^https?:\/\//i.test(line)) {
      lines.push({ line: index + 1, item: { kind: 'url', url: line } });
      return;
    }
    const [value, quality] = line.split(/[\s,;]+/);
    const hash: HashDto = { algorithm, value };
    if (quality !== undefined && /^\d{1,3}$/.test(quality)) hash.quality = Number(quality);
    lines.push({ line: index + 1, item: { kind: 'hash', hash } });
  });
  return lines;
}
