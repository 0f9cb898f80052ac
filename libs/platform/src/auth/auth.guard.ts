import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER, type Role } from '@hub/contracts';
import {
  assertRole,
  AuthenticateSessionUseCase,
  AuthenticateUseCase,
  csrfTokenMatches,
  DomainError,
  ERROR_CODES,
  type Actor,
  type SessionRecord,
} from '@hub/domain';
import { sessionSecretOf } from '../sign-in/session-cookies';
import { ACCEPTS_BASIC, basicPassword, bearerToken, IS_PUBLIC, ROLES_KEY } from './auth.decorators';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthenticatedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
  /** Set when the caller came with the console's session cookie rather than a bearer token. */
  session?: SessionRecord;
}

/**
 * Registered globally: every route needs a valid bearer token, or the console's session cookie, unless it
 * is marked @Public(). A bearer token wins when both come. A change made with the cookie must carry the
 * session's CSRF token in `X-CSRF-Token`: another site can make the browser send the cookie, not read it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticate: AuthenticateUseCase,
    private readonly authenticateSession: AuthenticateSessionUseCase,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const basic = this.reflector.getAllAndOverride<boolean>(ACCEPTS_BASIC, targets) ?? false;
    const actor = await this.identify(request, basic);
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    // A peer hub's token is no member's: it reaches the routes that name it, and nothing else.
    if (actor.role === 'peer' && !roles?.includes('peer'))
      throw new DomainError(ERROR_CODES.FORBIDDEN, "a peer hub's token reaches only the federation routes");
    if (roles) assertRole(actor, roles, 'this');
    return true;
  }

  private async identify(request: AuthenticatedRequest, basic: boolean): Promise<Actor> {
    const authorization = header(request, 'authorization');
    const token = bearerToken(authorization) ?? (basic ? basicPassword(authorization) : undefined);
    const secret = token ? undefined : sessionSecretOf(header(request, 'cookie'));
    if (!secret) return this.authenticate.execute(token);
    const { actor, session } = await this.authenticateSession.execute(secret);
    if (!SAFE_METHODS.has(request.method) && !csrfTokenMatches(secret, header(request, CSRF_HEADER)))
      throw new DomainError(
        ERROR_CODES.FORBIDDEN,
        'X-CSRF-Token: a change made with the session cookie needs the CSRF token (the hub_csrf cookie)',
      );
    request.session = session;
    return actor;
  }
}

function header(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
