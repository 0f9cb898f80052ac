import { createHash } from 'node:crypto';
import type { BankRecord } from '../banks/bank.model';
import { STIX_HASH_KEYS, stixString, type StixObject } from '../exports/stix.export';
import { encodeCursor, type TaxiiCursor } from './taxii.cursor';
import type { TaxiiRepository, TaxiiSignal } from './taxii.model';
import type { TaxiiPage } from './taxii-incident.objects';
import { parseStixId, type TaxiiFilter } from './taxii.query';

/** The first half of a bank's indicator ids: from the bank's id, with the UUID version 4 nibble. */
function bankPrefix(bankId: string): Buffer {
  const bytes = createHash('sha1').update(`taxii-bank:${bankId}`).digest().subarray(0, 8);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  return bytes;
}

/**
 * A signal's indicator id: the bank's prefix, then the signal's seq under the RFC 9562 variant bits. The
 * signals' own ids are not all valid STIX UUIDs, and a derived id (a hash) could not be looked up in a
 * bank of ten million signals; this one is stable, unique per bank and signal, and read back into the seq.
 */
export function signalStixId(bankId: string, seq: number): string {
  const bytes = Buffer.concat([bankPrefix(bankId), Buffer.alloc(8)]);
  bytes.writeBigUInt64BE(BigInt(seq), 8);
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `indicator--${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The seq a bank's indicator id names, or undefined when it is not one of this bank's. */
export function seqOfStixId(bankId: string, uuid: string): number | undefined {
  const bytes = Buffer.from(uuid.replace(/-/g, ''), 'hex');
  if (bytes.length !== 16 || !bytes.subarray(0, 8).equals(bankPrefix(bankId))) return undefined;
  if ((bytes[8] & 0xc0) !== 0x80) return undefined;
  bytes[8] &= 0x3f;
  const seq = bytes.readBigUInt64BE(8);
  return seq <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(seq) : undefined;
}

/** A signal as a STIX indicator. */
export function signalObject(signal: TaxiiSignal, bank: Pick<BankRecord, 'id' | 'name'>): StixObject {
  const created = signal.createdAt.toISOString();
  const pattern =
    signal.algorithm === 'url'
      ? `[url:value = ${stixString(signal.value)}]`
      : `[file:hashes.${stixString(STIX_HASH_KEYS[signal.algorithm])} = ${stixString(signal.value)}]`;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: signalStixId(bank.id, signal.seq),
    created,
    modified: created,
    name: signal.label ?? `${signal.algorithm} signal of the bank ${bank.name}`,
    indicator_types: ['malicious-activity'],
    pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: created,
  };
}

/** A bank's collection: its signals not removed, paged by their insertion order (the bank's page index). */
export class BankObjects {
  constructor(private readonly taxii: TaxiiRepository) {}

  async page(bank: BankRecord, filter: TaxiiFilter, cursor?: TaxiiCursor): Promise<TaxiiPage> {
    if (filter.types && !filter.types.includes('indicator')) return { entries: [], more: false };
    const seqs = filter.ids?.flatMap((id) => {
      const parsed = parseStixId(id)!;
      const seq = parsed.type === 'indicator' ? seqOfStixId(bank.id, parsed.uuid) : undefined;
      return seq === undefined ? [] : [seq];
    });
    if (seqs && seqs.length === 0) return { entries: [], more: false };
    const rows = await this.taxii.signals({
      bankId: bank.id,
      afterSeq: cursor?.seq,
      addedAfter: filter.addedAfter,
      seqs,
      limit: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const more = rows.length > filter.limit;
    return {
      entries: page.map((s) => ({ added: s.added, object: signalObject(s, bank) })),
      more,
      ...(more && { next: encodeCursor({ collectionId: bank.id, seq: page[page.length - 1].seq }) }),
    };
  }
}
