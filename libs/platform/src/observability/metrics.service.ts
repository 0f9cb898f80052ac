import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QueueFactory } from '../queues/queue.factory';
import { EventLoopWatch } from './event-loop-watch';

/** Prometheus metrics of one process: HTTP latency, sockets, queue depths, events appended, loop delay. */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly loop = new EventLoopWatch((line) => new Logger('event-loop').warn(line));
  readonly httpDuration = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly sockets = new Gauge({
    name: 'hub_sockets_connected',
    help: 'Open incident-room sockets',
    registers: [this.registry],
  });
  readonly roomEvents = new Counter({
    name: 'hub_room_events_sent_total',
    help: 'Incident events pushed to sockets',
    registers: [this.registry],
  });

  constructor(queues: QueueFactory) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
    const loop = this.loop;
    new Gauge({
      name: 'hub_event_loop_delay_seconds',
      help: "The event loop's delay over the last 5 s window: p50, p99 and max",
      labelNames: ['stat'] as const,
      registers: [this.registry],
      collect() {
        const { p50, p99, max } = loop.last();
        this.set({ stat: 'p50' }, p50 / 1000);
        this.set({ stat: 'p99' }, p99 / 1000);
        this.set({ stat: 'max' }, max / 1000);
      },
    });
    new Gauge({
      name: 'hub_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await queues.counts().catch(() => ({}));
        this.reset();
        for (const [queue, states] of Object.entries(counts)) {
          for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
        }
      },
    });
  }

  onModuleDestroy(): void {
    this.loop.stop();
  }
}
