import { Module } from '@nestjs/common';
import {
  AuthenticateSessionUseCase,
  CreateSsoMappingUseCase,
  CreateTokenUseCase,
  DeleteSsoMappingUseCase,
  EndSessionUseCase,
  ListSessionsUseCase,
  ListSsoMappingsUseCase,
  ListTokensUseCase,
  RevokeTokenUseCase,
  SignInUseCase,
  type SessionTimeouts,
} from '@hub/domain';
import { PgSignInStore } from '@hub/persistence';
import { DataSource } from 'typeorm';
import { oidcIssuersOf } from '../config/config.schema';
import { provide, token } from '../core/provide';
import { CLOCK, HUB_CONFIG, IDENTITY_REPOSITORY, SESSION_STORE, SIGN_IN_DIRECTORY } from '../tokens';
import { IdentityModule } from '../identity/identity.module';
import { OidcSignIn } from './oidc-sign-in';

const SESSION_TIMEOUTS = token<SessionTimeouts>('SESSION_TIMEOUTS');

const providers = [
  provide(SESSION_TIMEOUTS, [HUB_CONFIG], (config) => ({
    idleMs: config.HUB_SESSION_IDLE_MINUTES * 60_000,
    maxMs: config.HUB_SESSION_MAX_HOURS * 3_600_000,
  })),
  provide(PgSignInStore, [DataSource], (db) => new PgSignInStore(db)),
  provide(SESSION_STORE, [PgSignInStore], (store) => store),
  provide(SIGN_IN_DIRECTORY, [PgSignInStore], (store) => store),
  provide(OidcSignIn, [HUB_CONFIG, SIGN_IN_DIRECTORY], (config, directory) => {
    return new OidcSignIn(oidcIssuersOf(config), directory);
  }),
  provide(
    SignInUseCase,
    [SIGN_IN_DIRECTORY, SESSION_STORE, IDENTITY_REPOSITORY, CLOCK, SESSION_TIMEOUTS],
    (directory, sessions, ids, clock, timeouts) =>
      new SignInUseCase(directory, sessions, ids, clock, timeouts),
  ),
  provide(
    AuthenticateSessionUseCase,
    [SESSION_STORE, CLOCK, SESSION_TIMEOUTS],
    (sessions, clock, timeouts) => new AuthenticateSessionUseCase(sessions, clock, timeouts),
  ),
  provide(EndSessionUseCase, [SESSION_STORE], (sessions) => new EndSessionUseCase(sessions)),
  provide(
    CreateSsoMappingUseCase,
    [SIGN_IN_DIRECTORY, IDENTITY_REPOSITORY, CLOCK, OidcSignIn],
    (directory, ids, clock, oidc) => new CreateSsoMappingUseCase(directory, ids, clock, () => oidc.keys()),
  ),
  provide(
    ListSsoMappingsUseCase,
    [SIGN_IN_DIRECTORY, IDENTITY_REPOSITORY],
    (directory, ids) => new ListSsoMappingsUseCase(directory, ids),
  ),
  provide(
    DeleteSsoMappingUseCase,
    [SIGN_IN_DIRECTORY, CLOCK],
    (directory, clock) => new DeleteSsoMappingUseCase(directory, clock),
  ),
  provide(
    ListTokensUseCase,
    [SIGN_IN_DIRECTORY, IDENTITY_REPOSITORY],
    (directory, ids) => new ListTokensUseCase(directory, ids),
  ),
  provide(
    CreateTokenUseCase,
    [SIGN_IN_DIRECTORY, IDENTITY_REPOSITORY, CLOCK],
    (directory, ids, clock) => new CreateTokenUseCase(directory, ids, clock),
  ),
  provide(
    RevokeTokenUseCase,
    [SIGN_IN_DIRECTORY, CLOCK],
    (directory, clock) => new RevokeTokenUseCase(directory, clock),
  ),
  provide(
    ListSessionsUseCase,
    [SESSION_STORE, IDENTITY_REPOSITORY, CLOCK, SESSION_TIMEOUTS],
    (sessions, ids, clock, timeouts) => new ListSessionsUseCase(sessions, ids, clock, timeouts),
  ),
];

/**
 * Sign-in through organisations' identity providers (OpenID Connect), the console's sessions, the
 * mappings from claims to members, and the tokens' directory. Needs the IdentityModule's repository.
 */
@Module({ imports: [IdentityModule], providers, exports: providers.map((p) => p.provide) })
export class SignInModule {}
