import type { IncidentQueries } from '../incidents/incident.ports';
import { banksUsedBy } from './bank.access';
import type { BankHitFinder, BankQuery } from './bank.matcher';
import type { BankRepository } from './bank.model';
import type { BankHitRecorder } from './bank-hits.recorder';
import { BankPartitionsMissing, bankQuery } from './check-item.use-case';

/** Items looked up in one finding (their PDQ hashes in one batch query of the index). */
const ITEMS_PER_FINDING = 500;

/**
 * Takes signals added since the last pass back over the items of open incidents: an item shared before a
 * signal that matches it gets its (late) `item.bank_matched`. Runs when signals were committed past the
 * pass's cursor; every open item is looked up again, and the recorder appends only what is not in the log
 * yet, so a pass run twice (two workers, a retry) appends nothing twice.
 */
export class BackfillBankHitsUseCase {
  constructor(
    private readonly banks: BankRepository,
    private readonly queries: IncidentQueries,
    private readonly finder: BankHitFinder,
    private readonly recorder: BankHitRecorder,
    /** Brings this process's bank index up to the signals committed before the call. */
    private readonly fresh: () => Promise<unknown>,
  ) {}

  /** Answers how many events were appended (0 when no signal was added since the last pass). */
  async execute(): Promise<number> {
    const cursor = await this.banks.backfillCursor();
    const newest = await this.banks.newestSignalSeq();
    if (newest <= cursor) return 0;
    await this.fresh();
    const banks = await this.banks.listBanks();
    let appended = 0;
    for (const incident of await this.banks.openIncidents()) {
      const used = banksUsedBy(banks, incident.participants);
      if (used.length === 0) continue;
      const items = (await this.queries.allItems(incident.id)).flatMap((item) => {
        const query = bankQuery(item);
        return query ? [{ itemId: item.id, query }] : [];
      });
      for (let from = 0; from < items.length; from += ITEMS_PER_FINDING) {
        const chunk = items.slice(from, from + ITEMS_PER_FINDING);
        const finding = await this.finder.find(
          chunk.map((c): BankQuery => c.query),
          used,
        );
        // The cursor stays where it was: the next pass tries again with every partition.
        if (finding.missing.length > 0) throw new BankPartitionsMissing(finding.missing);
        for (const [i, { itemId }] of chunk.entries()) {
          appended += await this.recorder.record({
            incidentId: incident.id,
            itemId,
            triggeredBy: `bank-signals:${newest}`,
            hits: finding.hits[i],
            heldBack: finding.heldBack[i],
          });
        }
      }
    }
    await this.banks.advanceBackfill(cursor, newest);
    return appended;
  }
}
