import { ContainmentCellEntity } from './containment-cell.entity';
import { IncidentEventEntity } from './incident-event.entity';
import { IncidentEntity } from './incident.entity';
import { ItemEntity } from './item.entity';
import { MemberEntity } from './member.entity';
import { OrganisationEntity } from './organisation.entity';
import { TokenEntity } from './token.entity';

export {
  ContainmentCellEntity,
  IncidentEventEntity,
  IncidentEntity,
  ItemEntity,
  MemberEntity,
  OrganisationEntity,
  TokenEntity,
};

export const ENTITIES = [
  OrganisationEntity,
  MemberEntity,
  TokenEntity,
  IncidentEntity,
  ItemEntity,
  ContainmentCellEntity,
  IncidentEventEntity,
];
