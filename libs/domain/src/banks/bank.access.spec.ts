import { banksUsedBy, canContribute, canSeeBank } from './bank.access';
import type { BankRecord } from './bank.model';

const bank = (visibility: BankRecord['visibility'], organisationId = 'org-de'): BankRecord => ({
  id: `bank-${visibility}`,
  name: 'b',
  description: null,
  visibility,
  organisationId,
  createdBy: null,
  createdAt: new Date(0),
  signalCount: 0,
  negative: false,
  maxDistance: 31,
});
const viewer = (role: any, organisationId: string, partners: string[] = []) => ({
  role,
  organisationId,
  partners: new Set(partners),
});

describe('bank visibility', () => {
  it('shows members banks to every member', () => {
    for (const role of ['admin', 'coordinator', 'authority', 'liaison', 'observer']) {
      expect(canSeeBank(viewer(role, 'org-x'), bank('members'))).toBe(true);
    }
  });

  it('shows a participants bank to its organisation, its incident partners, and those who see every incident', () => {
    const participants = bank('participants');
    expect(canSeeBank(viewer('authority', 'org-de'), participants)).toBe(true);
    expect(canSeeBank(viewer('liaison', 'org-vs', ['org-de']), participants)).toBe(true);
    expect(canSeeBank(viewer('authority', 'org-be', ['org-fr']), participants)).toBe(false);
    expect(canSeeBank(viewer('coordinator', 'org-eu'), participants)).toBe(true);
    expect(canSeeBank(viewer('observer', 'org-obs'), participants)).toBe(true);
    expect(canSeeBank(viewer('admin', 'org-hub'), participants)).toBe(true);
  });

  it('lets admins, coordinators and the bank’s own working members add signals', () => {
    expect(canContribute(viewer('admin', 'org-hub'), bank('members'))).toBe(true);
    expect(canContribute(viewer('coordinator', 'org-eu'), bank('members'))).toBe(true);
    expect(canContribute(viewer('authority', 'org-de'), bank('members'))).toBe(true);
    expect(canContribute(viewer('authority', 'org-be'), bank('members'))).toBe(false);
    expect(canContribute(viewer('observer', 'org-de'), bank('members'))).toBe(false);
  });

  it('checks an incident against every members bank and its participants’ own banks', () => {
    const banks = [
      bank('members', 'org-x'),
      bank('participants', 'org-de'),
      { ...bank('participants', 'org-be'), id: 'b3' },
    ];
    expect(banksUsedBy(banks, ['org-be', 'org-vs']).map((b) => b.id)).toEqual(['bank-members', 'b3']);
  });
});
