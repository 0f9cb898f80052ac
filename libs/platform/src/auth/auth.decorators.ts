import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@hub/contracts';
import type { Actor } from '@hub/domain';

export const IS_PUBLIC = 'hub:public';
export const ROLES_KEY = 'hub:roles';
export const ACCEPTS_BASIC = 'hub:accepts-basic';

/** The only way out of authentication: health checks, and the sign-in routes that open a session. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Routes that also take HTTP Basic with the bearer token as the password (TAXII clients send nothing
 * else): the same token, looked up by its hash as a bearer token is; the user name is ignored.
 */
export const AcceptsBasicAuth = (): MethodDecorator & ClassDecorator => SetMetadata(ACCEPTS_BASIC, true);

/** Roles allowed on a route; participation is checked by the use case itself. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** The password of `Authorization: Basic base64(user:password)`, or undefined when it is not Basic. */
export function basicPassword(header: string | undefined): string | undefined {
  const match = header && /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1) || undefined;
}
