import type { BankAlgorithm, ItemBankMatchedData, MatchJob } from '@hub/contracts';
import { parseStoredVpdq } from '../items/vpdq.frames';
import { isIndexableQuality } from '../matching/pdq.matcher';
import { SYSTEM_ACTOR } from '../core/actor';
import { type ItemRecord } from '../incidents/incident.model';
import { type NewEvent } from '../events/event.model';
import type { IncidentQueries, IncidentStore } from '../incidents/incident.ports';
import { banksUsedBy } from './bank.access';
import type { BankHitFinder, BankQuery } from './bank.matcher';
import type { BankRepository } from './bank.model';

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
 * exact hash or a canonical URL by equality. Each hit appends `item.bank_matched` to the incident, once
 * per share event (`triggeredBy`), so a repeated job appends nothing.
 */
export class CheckItemAgainstBanksUseCase {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly queries: IncidentQueries,
    private readonly banks: BankRepository,
    private readonly finder: BankHitFinder,
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
    const events: NewEvent[] = hits.map(({ bank, signal, distance }) => {
      const data: ItemBankMatchedData = {
        itemId: job.itemId,
        bankId: bank.id,
        bankName: bank.name,
        signalId: signal.id,
        algorithm: signal.algorithm,
        distance,
        ...(signal.label && { label: signal.label }),
        ...(signal.sourceRef && { sourceRef: signal.sourceRef }),
        triggeredBy: job.eventId,
      };
      return { type: 'item.bank_matched', actor: { ...SYSTEM_ACTOR }, data: { ...data } };
    });
    await this.incidents.withIncident(job.incidentId, async (tx) => {
      // Under the incident's lock: a repeated job waits for the first to commit, then sees its events.
      if (await this.queries.hasEvent(job.incidentId, 'item.bank_matched', 'triggeredBy', job.eventId))
        return;
      await tx.append(events);
    });
    return 'matched';
  }
}

/** What of an item banks are asked about; null for what they do not hold (accounts, TMK, low-quality PDQ). */
export function bankQuery(item: ItemRecord): BankQuery | null {
  if (item.kind === 'url' && item.url) return { algorithm: 'url', value: item.url };
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
