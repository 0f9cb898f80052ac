import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { MetricsService, Public, QueueFactory, Roles } from '@hub/platform';
import { DataSource } from 'typeorm';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: DataSource,
    private readonly queues: QueueFactory,
    private readonly metrics: MetricsService,
  ) {}

  @Get('health/live')
  @Public()
  @SkipThrottle()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @Public()
  @SkipThrottle()
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.probe('database', () => this.db.query('SELECT 1')),
      () => this.probe('queues', () => this.queues.ping(), { backend: this.queues.backend }),
    ]);
  }

  @Get('metrics')
  @Roles('admin')
  @ApiBearerAuth()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  private async probe(key: string, check: () => Promise<unknown>, extra: Record<string, unknown> = {}) {
    const indicator = this.indicators.check(key);
    try {
      await Promise.race([
        check(),
        new Promise((_, fail) => setTimeout(() => fail(new Error('timeout')), 3000).unref()),
      ]);
      return indicator.up(extra);
    } catch (error) {
      return indicator.down({ ...extra, message: error instanceof Error ? error.message : String(error) });
    }
  }
}
