import type { Role } from '@hub/contracts';
import { visibilityOf } from '../access/access.policy';
import type { BankRecord } from './bank.model';

/** The caller as bank visibility reads it: its role and organisation, and that organisation's incident partners. */
export interface BankViewer {
  role: Role;
  organisationId: string;
  /** Organisations that take part in an incident with the caller's (only read for participating roles). */
  partners: ReadonlySet<string>;
}

/** The roles that create banks, and add signals to any bank. */
export const BANK_MANAGERS: readonly Role[] = ['admin', 'coordinator'];

/**
 * A `members` bank is seen by every member. A `participants` bank is used by the incidents its organisation
 * takes part in, and seen by those who can see such an incident: its own organisation, the organisations
 * taking part in an incident with it, coordinators and observers (who see every incident), and admins.
 */
export function canSeeBank(viewer: BankViewer, bank: BankRecord): boolean {
  if (bank.visibility === 'members') return true;
  if (viewer.role === 'admin' || viewer.organisationId === bank.organisationId) return true;
  if (visibilityOf(viewer.role) === 'all') return true;
  return viewer.partners.has(bank.organisationId);
}

/** Admins and coordinators add to any bank they see; the bank's own organisation adds to its bank (observers never). */
export function canContribute(
  viewer: Pick<BankViewer, 'role' | 'organisationId'>,
  bank: BankRecord,
): boolean {
  if (BANK_MANAGERS.includes(viewer.role)) return true;
  return viewer.role !== 'observer' && viewer.organisationId === bank.organisationId;
}

/** The banks an incident's shares are checked against: every `members` bank, and its participants' own. */
export function banksUsedBy(banks: readonly BankRecord[], participants: readonly string[]): BankRecord[] {
  return banks.filter((b) => b.visibility === 'members' || participants.includes(b.organisationId));
}
