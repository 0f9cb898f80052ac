import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { bearerToken } from '../auth/auth.decorators';

/** Limits per token (its hash, never the token) or console session; anonymous callers per address. */
@Injectable()
export class HubThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const token = bearerToken(req.headers?.authorization);
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
