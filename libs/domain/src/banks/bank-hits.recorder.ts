import type { ItemBankBenignData, ItemBankHitHeldData, ItemBankMatchedData } from '@hub/contracts';
import { SYSTEM_ACTOR } from '../core/actor';
import type { NewEvent } from '../events/event.model';
import type { IncidentStore } from '../incidents/incident.ports';
import type { BankHit } from './bank.matcher';
import type { BankRepository, FloodRule } from './bank.model';

/** The hits of one item, found by a share's check or by a later pass over open incidents. */
export interface ItemHits {
  incidentId: string;
  itemId: string;
  /** The share event that brought the item in (the job's key). */
  triggeredBy: string;
  hits: BankHit[];
  /** Other banks' hits left out because a negative bank's hit was as near or nearer. */
  heldBack: number;
}

const event = (type: NewEvent['type'], data: object): NewEvent => ({
  type,
  actor: { ...SYSTEM_ACTOR },
  data: { ...data },
});

/**
 * Writes an item's bank hits into its incident's log, once per item and signal: a negative bank's hit as
 * `item.bank_benign` (saying how many hits it held back), a hit on a quarantined signal as
 * `item.bank_hit_held`, any other as `item.bank_matched`. Each hit first counts against its signal's flood
 * rule, which may quarantine the signal. A repeated job, or a second pass, appends nothing new.
 */
export class BankHitRecorder {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly banks: BankRepository,
    private readonly flood: FloodRule,
  ) {}

  /** Answers how many events were appended. */
  async record({ incidentId, itemId, triggeredBy, hits, heldBack }: ItemHits): Promise<number> {
    if (hits.length === 0) return 0;
    const counted = hits.filter((h) => !h.bank.negative);
    const outcomes = new Map(
      (
        await this.banks.recordHits(
          counted.map(({ bank, signal, distance }) => ({
            signalId: signal.id,
            bankId: bank.id,
            incidentId,
            itemId,
            triggeredBy,
            distance,
          })),
          this.flood,
        )
      ).map((o) => [o.signalId, o]),
    );
    return this.incidents.withIncident(incidentId, async (tx) => {
      // Under the incident's lock: a repeated job waits for the first to commit, then sees its events.
      const logged = new Set(
        (await this.banks.loggedHits(incidentId, itemId)).map((e) => `${e.type} ${e.signalId}`),
      );
      const events: NewEvent[] = [];
      for (const { bank, signal, distance } of hits) {
        const outcome = outcomes.get(signal.id);
        const type = bank.negative
          ? 'item.bank_benign'
          : outcome?.held
            ? 'item.bank_hit_held'
            : 'item.bank_matched';
        if (logged.has(`${type} ${signal.id}`)) continue;
        if (type === 'item.bank_benign') {
          const data: ItemBankBenignData = {
            itemId,
            bankId: bank.id,
            bankName: bank.name,
            signalId: signal.id,
            distance,
            ...(signal.label && { label: signal.label }),
            heldBack,
            triggeredBy,
          };
          events.push(event(type, data));
        } else if (type === 'item.bank_hit_held') {
          const data: ItemBankHitHeldData = {
            itemId,
            bankId: bank.id,
            bankName: bank.name,
            signalId: signal.id,
            distance,
            quarantined: outcome?.quarantined ?? false,
            triggeredBy,
          };
          events.push(event(type, data));
        } else {
          events.push(event(type, matchedData(itemId, triggeredBy, { bank, signal, distance })));
        }
      }
      if (events.length) await tx.append(events);
      return events.length;
    });
  }
}

export function matchedData(itemId: string, triggeredBy: string, hit: BankHit): ItemBankMatchedData {
  const { bank, signal, distance } = hit;
  return {
    itemId,
    bankId: bank.id,
    bankName: bank.name,
    signalId: signal.id,
    algorithm: signal.algorithm,
    distance,
    ...(signal.label && { label: signal.label }),
    ...(signal.sourceRef && { sourceRef: signal.sourceRef }),
    triggeredBy,
  };
}
