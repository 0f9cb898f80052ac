import { MemberEntity } from './member.entity';
import { OrganisationEntity } from './organisation.entity';
import { TokenEntity } from './token.entity';

export { MemberEntity, OrganisationEntity, TokenEntity };

/**
 * The ORM maps identities only. Incidents, items, cells and events are read and written in SQL
 * (`repositories/*`, `row-mappers.ts`), where the event log's locking and hashing live.
 */
export const ENTITIES = [OrganisationEntity, MemberEntity, TokenEntity];
