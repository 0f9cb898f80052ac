import type { BankAlgorithm, MatchJob } from '@hub/contracts';
import { parseStoredVpdq } from '../items/vpdq.frames';
import { isIndexableQuality } from '../matching/pdq.matcher';
import { type ItemRecord } from '../incidents/incident.model';
import type { IncidentQueries, IncidentStore } from '../incidents/incident.ports';
import { banksUsedBy } from './bank.access';
import type { BankHitFinder, BankQuery } from './bank.matcher';
import type { BankRepository } from './bank.model';
import type { BankHitRecorder } from './bank-hits.recorder';

export type CheckItemResult = 'matched' | 'no-match' | 'skipped';

/**
 * Partitions of the bank index did not answer in time: the job is tried again (nothing was appended, and
 * the hits are appended once per share event, so the next try may append them all).
 */
export class BankPartitionsMissing extends Error {
  constructor(readonly missing: number[]) {
    super(`bank partitions ${missing.join(', ')} did not answer in time`);
    this.name = 'BankPartitionsMissing';
  }
}

const EXACT: readonly string[] = ['md5', 'sha1', 'sha256'];

/**
 * Looks a newly shared item up in the banks its incident uses (every `members` bank, and the banks of its
 * participating organisations): a PDQ picture or vPDQ video by distance (in any rotation or flip), an
 * exact hash by equality, a URL by its identity. Each hit is written by the `BankHitRecorder`, once per
 * item and signal, so a repeated job appends nothing.
 */
export class CheckItemAgainstBanksUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly queries: IncidentQueries,
    private readonly banks: BankRepository,
    private readonly finder: BankHitFinder,
    private readonly recorder: BankHitRecorder,
  ) {}

  /**
   * `lastTry`: no other try follows, so hits found while partitions of the bank index were missing are
   * appended all the same (the log says which partitions were missing); on earlier tries the job fails.
   */
  async execute(
    job: MatchJob,
    {
      lastTry = true,
      warn = (_line: string) => {},
    }: { lastTry?: boolean; warn?: (line: string) => void } = {},
  ): Promise<CheckItemResult> {
    // Most hubs hold a handful of banks, or none: then nothing else needs reading.
    const banks = await this.banks.listBanks();
    if (banks.length === 0) return 'no-match';
    const found = await this.queries.itemWithCells(job.incidentId, job.itemId);
    const query = found && bankQuery(found.item);
    if (!query) return 'skipped';
    const incident = await this.incidents.find(job.incidentId);
    if (!incident) return 'skipped';
    const used = banksUsedBy(banks, incident.participants);
    const finding = await this.finder.find([query], used);
    if (finding.missing.length > 0) {
      if (!lastTry) throw new BankPartitionsMissing(finding.missing);
      warn(
        `item ${job.itemId}: bank partitions ${finding.missing.join(', ')} of ${finding.partitions} did not ` +
          'answer on the last try; the hits of the others are recorded',
      );
    }
    const hits = finding.hits[0];
    if (hits.length === 0) return 'no-match';
    await this.recorder.record({
      incidentId: job.incidentId,
      itemId: job.itemId,
      triggeredBy: job.eventId,
      hits,
      heldBack: finding.heldBack[0],
    });
    return 'matched';
  }
}

/** What of an item banks are asked about; null for what they do not hold (accounts, TMK, low-quality PDQ). */
export function bankQuery(item: ItemRecord): BankQuery | null {
  if (item.kind === 'url' && item.url) {
    // The item's own identity (its dedup key): the same one the incident deduplicates shares by.
    const key = item.dedupKey.startsWith('url:') ? item.dedupKey.slice(4) : undefined;
    return { algorithm: 'url', value: item.url, ...(key && { key }) };
  }
  if (!item.hashValue || !item.hashAlgorithm) return null;
  if (item.hashAlgorithm === 'pdq') {
    return isIndexableQuality(item.hashQuality) ? { algorithm: 'pdq', hex: item.hashValue } : null;
  }
  if (item.hashAlgorithm === 'vpdq') {
    const frames = parseStoredVpdq(item.hashValue);
    return frames ? { algorithm: 'vpdq', frames } : null;
  }
  if (EXACT.includes(item.hashAlgorithm)) {
    return { algorithm: item.hashAlgorithm as Exclude<BankAlgorithm, 'pdq' | 'url'>, value: item.hashValue };
  }
  return null;
}
