import type { Language } from '@hub/contracts';
import type { Actor } from '../core/actor';
import { DomainError, ERROR_CODES } from '../core/errors';
import type { IdentityRepository } from '../identity/identity.ports';
import type { MemberRecord, OrganisationRecord } from '../identity/identity.model';

/**
 * A member chooses the language they read the hub in (`PATCH /me`): the console's, and later what the
 * hub writes to them. Every member may set their own, and only their own. The code is checked by the DTO.
 */
export class SetMemberLanguageUseCase {
  constructor(private readonly identities: IdentityRepository) {}

  async execute(
    actor: Actor,
    language: Language,
  ): Promise<{ member: MemberRecord; organisation: OrganisationRecord }> {
    await this.identities.setMemberLanguage(actor.memberId, language);
    const [member, organisation] = await Promise.all([
      this.identities.findMember(actor.memberId),
      this.identities.findOrganisation(actor.organisationId),
    ]);
    if (!member || !organisation) throw new DomainError(ERROR_CODES.UNAUTHENTICATED, 'unknown member');
    return { member, organisation };
  }
}
