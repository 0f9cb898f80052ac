import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { MetricsService, Public, QueueFactory, Roles } from '@hub/platform';
import { DataSource } from 'typeorm';
import { answer, textAnswer } from '../openapi/answer';
import { HealthSchema } from '../openapi/answers/features.answers';

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
  @ApiOperation({ operationId: 'live', summary: 'Liveness: the process answers' })
  @ApiOkResponse(answer(HealthSchema))
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @Public()
  @SkipThrottle()
  @HealthCheck()
  @ApiOperation({ operationId: 'ready', summary: 'Readiness: PostgreSQL and Redis answer' })
  @ApiOkResponse(answer(HealthSchema))
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
  @ApiOperation({ operationId: 'metrics', summary: 'Prometheus metrics' })
  @ApiOkResponse(textAnswer('Prometheus text format.', 'text/plain'))
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
