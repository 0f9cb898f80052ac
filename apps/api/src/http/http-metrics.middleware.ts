import { Injectable, type NestMiddleware } from '@nestjs/common';
import { MetricsService } from '@hub/platform';
import type { NextFunction, Request, Response } from 'express';

/** Latency per route template (never per concrete URL, which would leak ids into labels). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req as Request & { route?: { path?: string } }).route?.path ?? 'unmatched';
      end({ method: req.method, route: `${req.baseUrl ?? ''}${route}`, status: String(res.statusCode) });
    });
    next();
  }
}
