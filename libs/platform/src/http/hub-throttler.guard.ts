import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { basicPassword, bearerToken } from '../auth/auth.decorators';

/**
 * Limits per token (its hash, never the token) or console session; anonymous callers per address. HTTP only: as a global
 * guard it also runs before every socket handler, where it would read the socket as a request (no
 * headers, so every socket of every member shared one `ip:unknown` budget) and the payload as a response
 * (a bare `null` payload threw, and the client got no acknowledgement). The room limits each socket itself.
 */
@Injectable()
export class HubThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    // A TAXII client's token comes as Basic's password: the same budget as the token sent as a bearer.
    const token = bearerToken(req.headers?.authorization) ?? basicPassword(req.headers?.authorization);
    if (token) return `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
    // The console signed in by cookie: one budget per session (the auth guard ran first).
    if (req.session?.id) return `s:${req.session.id}`;
    return `ip:${req.ip ?? 'unknown'}`;
  }

  /** One budget per token across all routes (the default would keep one per route). */
  protected override generateKey(_context: ExecutionContext, suffix: string, name: string): string {
    return `${name}:${suffix}`;
  }
}
