import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from './enums';
import { LIMITS } from './limits';

/** An identity provider's claim value that admits its holders to an organisation with a role. */
export class CreateSsoMappingDto {
  @IsString()
  @Matches(/^[A-Za-z0-9_:.\-/]{1,100}$/, {
    message: 'claim must be a claim name (letters, digits, _ : . - /, at most 100)',
  })
  claim!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.claimValue)
  value!: string;

  @IsIn(ROLES)
  role!: Role;

  /** The configured issuer's key (`/auth/providers`); unset: the claim counts from any configured issuer. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,31}$/, { message: 'issuer must be the key of a configured issuer' })
  issuer?: string;
}

export interface SsoMappingView {
  id: string;
  organisationId: string;
  claim: string;
  value: string;
  role: Role;
  issuer?: string;
  createdAt: string;
}

export interface SignInProviderView {
  key: string;
  name: string;
  /** Where the console sends the browser to sign in. */
  loginUrl: string;
}

export interface TokenView {
  id: string;
  memberId: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** A new token of an existing member (a machine, a break-glass account): the secret is shown once. */
export interface CreatedTokenView extends TokenView {
  token: string;
}

export interface SessionView {
  id: string;
  memberId: string;
  issuer: string;
  subject: string;
  createdAt: string;
  lastUsedAt: string;
  /** When it ends if still in use (the absolute timeout); it ends earlier when left idle. */
  expiresAt: string;
}
