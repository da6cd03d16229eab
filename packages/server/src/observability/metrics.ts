import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus metrics; one registry per server so tests can run several. */
export class Metrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({ name: 'plaza_socket_connections', help: 'Open socket.io connections', registers: [this.registry] });
  readonly events = new Counter({
    name: 'plaza_socket_events_total',
    help: 'Socket requests handled, by name and outcome',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: 'plaza_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly dbDuration = new Histogram({
    name: 'plaza_db_query_duration_seconds',
    help: 'Database query latency',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly jobs = new Counter({
    name: 'plaza_jobs_total',
    help: 'Outbox jobs run, by kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'plaza_' });
  }
}
