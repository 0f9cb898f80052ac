import { Module } from '@nestjs/common';
import {
  AuthenticateUseCase,
  BootstrapAdminUseCase,
  CreateMemberUseCase,
  CreateOrganisationUseCase,
  ListOrganisationsUseCase,
  RevokeTokensUseCase,
  SetMemberLanguageUseCase,
  WhoAmIUseCase,
} from '@hub/domain';
import { TypeormIdentityRepository } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { provide } from '../core/provide';
import { CLOCK, IDENTITY_REPOSITORY } from '../tokens';
import { IdentityChangeListener } from './identity-change.listener';

const providers = [
  provide(IDENTITY_REPOSITORY, [DataSource], (db) => new TypeormIdentityRepository(db)),
  provide(AuthenticateUseCase, [IDENTITY_REPOSITORY], (ids) => new AuthenticateUseCase(ids)),
  provide(
    BootstrapAdminUseCase,
    [IDENTITY_REPOSITORY, CLOCK],
    (ids, clock) => new BootstrapAdminUseCase(ids, clock),
  ),
  provide(
    CreateOrganisationUseCase,
    [IDENTITY_REPOSITORY, CLOCK],
    (ids, clock) => new CreateOrganisationUseCase(ids, clock),
  ),
  provide(
    CreateMemberUseCase,
    [IDENTITY_REPOSITORY, CLOCK],
    (ids, clock) => new CreateMemberUseCase(ids, clock),
  ),
  provide(WhoAmIUseCase, [IDENTITY_REPOSITORY], (ids) => new WhoAmIUseCase(ids)),
  provide(ListOrganisationsUseCase, [IDENTITY_REPOSITORY], (ids) => new ListOrganisationsUseCase(ids)),
  provide(RevokeTokensUseCase, [IDENTITY_REPOSITORY], (ids) => new RevokeTokensUseCase(ids)),
  provide(SetMemberLanguageUseCase, [IDENTITY_REPOSITORY], (ids) => new SetMemberLanguageUseCase(ids)),
];

/** Organisations, members and their tokens: who is calling, and the admin's directory. */
@Module({ providers: [...providers, IdentityChangeListener], exports: providers.map((p) => p.provide) })
export class IdentityModule {}
