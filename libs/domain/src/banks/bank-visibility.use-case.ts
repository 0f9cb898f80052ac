import { DomainError, ERROR_CODES } from '../core/errors';
import type { Actor } from '../core/actor';
import { canContribute, canSeeBank, type BankViewer } from './bank.access';
import type { BankRecord, BankRepository } from './bank.model';

const notFound = () => new DomainError(ERROR_CODES.NOT_FOUND, 'bank not found');

/** Who sees which bank: the caller with the organisations it takes part in incidents with. */
export class BankVisibilityUseCase {
  constructor(private readonly banks: BankRepository) {}

  async viewer(actor: Actor): Promise<BankViewer> {
    const participating = actor.role === 'authority' || actor.role === 'liaison';
    const partners = participating
      ? await this.banks.incidentPartners(actor.organisationId)
      : new Set<string>();
    return { role: actor.role, organisationId: actor.organisationId, partners };
  }

  async visibleBanks(actor: Actor): Promise<BankRecord[]> {
    const [viewer, banks] = await Promise.all([this.viewer(actor), this.banks.listBanks()]);
    return banks.filter((b) => canSeeBank(viewer, b));
  }

  /** The bank, or not found when it is absent or the caller may not see it. */
  async visibleBank(actor: Actor, bankId: string): Promise<BankRecord> {
    const bank = await this.banks.findBank(bankId);
    if (!bank || !canSeeBank(await this.viewer(actor), bank)) throw notFound();
    return bank;
  }

  /** The bank, for a caller who may add to it: not found if unseen, forbidden if seen only. */
  async contributableBank(actor: Actor, bankId: string): Promise<BankRecord> {
    const bank = await this.visibleBank(actor, bankId);
    if (!canContribute(actor, bank)) {
      throw new DomainError(
        ERROR_CODES.FORBIDDEN,
        'signals are added by admins, coordinators and members of the bank’s organisation',
      );
    }
    return bank;
  }
}
