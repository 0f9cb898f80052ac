import type { FeedbackVerdict, ItemBankFeedbackData, SignalFeedbackAnswer } from '@hub/contracts';
import { assertRole, canSee } from '../access/access.policy';
import { DomainError, ERROR_CODES } from '../core/errors';
import { SYSTEM_ACTOR, type Actor } from '../core/actor';
import type { NewEvent } from '../events/event.model';
import type { IncidentStore } from '../incidents/incident.ports';
import { signalState, type BankActor, type BankRepository, type HeldHit } from './bank.model';
import { bankSignalView } from './bank.views';
import { matchedData } from './bank-hits.recorder';
import type { BankVisibilityUseCase } from './bank-visibility.use-case';

/** A signal is flagged for review once at least this many verdicts disagree... */
export const REVIEW_MIN_DISAGREE = 3;
/** ...and they are more than this share of its verdicts. */
export const REVIEW_DISAGREE_SHARE = 0.5;

export const needsReview = (agree: number, disagree: number): boolean =>
  disagree >= REVIEW_MIN_DISAGREE && disagree / (agree + disagree) > REVIEW_DISAGREE_SHARE;

const by = (actor: Actor): BankActor => ({ memberId: actor.memberId, organisationId: actor.organisationId });
const signalNotFound = () => new DomainError(ERROR_CODES.NOT_FOUND, 'signal not found in this bank');

/** Who gives feedback on hits: those who work incidents (observers read, admins see no incident). */
const FEEDBACK_ROLES = ['authority', 'liaison', 'coordinator'] as const;

/**
 * What people do about a signal after it matched: an admin releases a quarantined one (its held hits then
 * reach their incidents as `item.bank_matched`), and participants agree or disagree with its hits.
 */
export class SignalReviewUseCases {
  constructor(
    private readonly banks: BankRepository,
    private readonly visibility: BankVisibilityUseCase,
    private readonly incidents: IncidentStore,
  ) {}

  async release(actor: Actor, bankId: string, signalId: string) {
    assertRole(actor, ['admin'], 'releasing a quarantined signal');
    const bank = await this.visibility.visibleBank(actor, bankId);
    const held = await this.banks.releaseSignal(bank.id, signalId, by(actor));
    const signal = await this.banks.findSignal(bank.id, signalId);
    if (!signal) throw signalNotFound();
    if (!held) {
      throw new DomainError(ERROR_CODES.CONFLICT, `the signal is ${signalState(signal)}, not quarantined`);
    }
    await this.deliver(held, (hit) =>
      matchedData(hit.itemId, hit.triggeredBy, { bank, signal, distance: hit.distance }),
    );
    return bankSignalView(signal);
  }

  /** Each held hit as `item.bank_matched` in its incident (unless there already), then marked delivered. */
  private async deliver(held: HeldHit[], data: (hit: HeldHit) => object): Promise<void> {
    const byIncident = new Map<string, HeldHit[]>();
    for (const hit of held) byIncident.set(hit.incidentId, [...(byIncident.get(hit.incidentId) ?? []), hit]);
    for (const [incidentId, hits] of byIncident) {
      await this.incidents.withIncident(incidentId, async (tx) => {
        const events: NewEvent[] = [];
        for (const hit of hits) {
          const logged = await this.banks.loggedHits(incidentId, hit.itemId);
          if (logged.some((e) => e.type === 'item.bank_matched' && e.signalId === hit.signalId)) continue;
          events.push({ type: 'item.bank_matched', actor: { ...SYSTEM_ACTOR }, data: { ...data(hit) } });
        }
        if (events.length) await tx.append(events);
      });
      await this.banks.deliverHeldHits(hits.map((h) => h.id));
    }
  }

  async feedback(
    actor: Actor,
    bankId: string,
    signalId: string,
    command: { verdict: FeedbackVerdict; itemId?: string },
  ): Promise<SignalFeedbackAnswer> {
    assertRole(actor, FEEDBACK_ROLES, 'feedback on a bank hit');
    const bank = await this.visibility.visibleBank(actor, bankId);
    const signal = await this.banks.findSignal(bank.id, signalId);
    if (!signal) throw signalNotFound();
    let incidentId: string | null = null;
    if (command.itemId) {
      // Only on a hit the caller can see: the item's incident is one it takes part in (or sees whole).
      incidentId = await this.banks.incidentOfHit(command.itemId, signal.id);
      const incident = incidentId && (await this.incidents.find(incidentId));
      if (!incident || !canSee(actor, incident)) {
        throw new DomainError(ERROR_CODES.NOT_FOUND, 'no hit of this signal on that item');
      }
    }
    const counts = await this.banks.recordFeedback(
      {
        bankId: bank.id,
        signalId: signal.id,
        memberId: actor.memberId,
        organisationId: actor.organisationId,
        itemId: command.itemId ?? null,
        verdict: command.verdict,
      },
      needsReview,
    );
    if (incidentId && command.itemId) {
      const data: ItemBankFeedbackData = {
        itemId: command.itemId,
        bankId: bank.id,
        signalId: signal.id,
        verdict: command.verdict,
        review: counts.review,
      };
      await this.incidents.withIncident(incidentId, (tx) =>
        tx.append([{ type: 'item.bank_feedback', actor: by(actor), data: { ...data } }]),
      );
    }
    return { signalId: signal.id, verdict: command.verdict, ...counts };
  }
}
