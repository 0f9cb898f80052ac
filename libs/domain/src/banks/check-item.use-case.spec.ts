import { anIncident, anItem } from '@hub/testing';
import type { NewEvent } from '../events/event.model';
import type { IncidentQueries, IncidentStore } from '../incidents/incident.ports';
import type { BankFinding, BankHitFinder } from './bank.matcher';
import type { BankRecord, BankRepository, BankSignalRecord } from './bank.model';
import { BankPartitionsMissing, CheckItemAgainstBanksUseCase } from './check-item.use-case';

const bank = { id: 'bank-1', name: 'Known', visibility: 'members', organisationId: 'org-1' } as BankRecord;
const signal = {
  id: 'signal-1',
  seq: 7,
  bankId: 'bank-1',
  algorithm: 'pdq',
  matchable: true,
} as BankSignalRecord;
const hex = 'f'.repeat(64);

/** A share check whose bank lookup answers `finding`; what it appends is kept in `appended`. */
function checkWith(finding: BankFinding) {
  const appended: NewEvent[] = [];
  const incident = anIncident();
  const item = anItem({
    incidentId: incident.id,
    kind: 'hash',
    hashAlgorithm: 'pdq',
    hashValue: hex,
    hashQuality: 90,
  });
  const store = {
    find: async () => incident,
    withIncident: async (
      _id: string,
      work: (tx: { append(e: NewEvent[]): Promise<void> }) => Promise<void>,
    ) => work({ append: async (events) => void appended.push(...events) }),
  } as unknown as IncidentStore;
  const queries = {
    itemWithCells: async () => ({ item, cells: [] }),
    hasEvent: async () => false,
  } as unknown as IncidentQueries;
  const banks = { listBanks: async () => [bank] } as unknown as BankRepository;
  const finder = { find: async () => finding } as unknown as BankHitFinder;
  const check = new CheckItemAgainstBanksUseCase(store, queries, banks, finder);
  return { check, appended, job: { eventId: 'event-1', incidentId: incident.id, itemId: item.id } };
}

describe('checking a share against a partitioned bank index', () => {
  const partial: BankFinding = { hits: [[{ bank, signal, distance: 3 }]], missing: [1], partitions: 2 };

  it('fails a try that is not the last while a partition is missing, appending nothing', async () => {
    const { check, appended, job } = checkWith(partial);
    await expect(check.execute(job, { lastTry: false })).rejects.toBeInstanceOf(BankPartitionsMissing);
    expect(appended).toEqual([]);
  });

  it('on the last try records what the partitions that answered found, and says which were missing', async () => {
    const { check, appended, job } = checkWith(partial);
    const warnings: string[] = [];
    await expect(check.execute(job, { lastTry: true, warn: (l) => warnings.push(l) })).resolves.toBe(
      'matched',
    );
    expect(appended.map((e) => [e.type, e.data.signalId, e.data.distance])).toEqual([
      ['item.bank_matched', 'signal-1', 3],
    ]);
    expect(warnings).toEqual([expect.stringMatching(/bank partitions 1 of 2 did not answer/)]);
  });

  it('with every partition answering, records the hits on any try', async () => {
    const { check, appended, job } = checkWith({ ...partial, missing: [] });
    await expect(check.execute(job, { lastTry: false })).resolves.toBe('matched');
    expect(appended).toHaveLength(1);
  });
});
