import { Module } from '@nestjs/common';
import {
  AdminAuditUseCase,
  ListMembersUseCase,
  RotateWebhookSecretUseCase,
  UpdateMemberUseCase,
  UpdateOrganisationUseCase,
} from '@hub/domain';
import { PgAdministrationRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { IdentityModule } from '../identity/identity.module';
import { ADMINISTRATION_REPOSITORY, CLOCK, IDENTITY_REPOSITORY } from '../tokens';

const providers = [
  provide(
    ADMINISTRATION_REPOSITORY,
    [DataSource, IDENTITY_REPOSITORY],
    (db, ids) => new PgAdministrationRepository(db, () => ids.forgetResolvedTokens()),
  ),
  provide(
    UpdateOrganisationUseCase,
    [ADMINISTRATION_REPOSITORY, CLOCK],
    (admin, clock) => new UpdateOrganisationUseCase(admin, clock),
  ),
  provide(
    UpdateMemberUseCase,
    [ADMINISTRATION_REPOSITORY, CLOCK],
    (admin, clock) => new UpdateMemberUseCase(admin, clock),
  ),
  provide(
    RotateWebhookSecretUseCase,
    [ADMINISTRATION_REPOSITORY, CLOCK],
    (admin, clock) => new RotateWebhookSecretUseCase(admin, clock),
  ),
  provide(
    ListMembersUseCase,
    [ADMINISTRATION_REPOSITORY, IDENTITY_REPOSITORY],
    (admin, ids) => new ListMembersUseCase(admin, ids),
  ),
  provide(AdminAuditUseCase, [ADMINISTRATION_REPOSITORY], (admin) => new AdminAuditUseCase(admin)),
];

/** Changing organisations and members after creation, deactivation, secret rotation and the admin audit log. */
@Module({
  imports: [IdentityModule],
  providers,
  exports: providers.map((p) => p.provide),
})
export class AdministrationModule {}
