import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../health/metrics.service.js';

/** GitRepository reconcile metrics, registered in the hub's registry (`/metrics`). */
@Injectable()
export class SourceMetrics {
  readonly reconciles: Counter<'outcome'>;
  readonly duration: Histogram<'phase'>;

  constructor(metrics: MetricsService) {
    this.reconciles = new Counter({
      name: 'flotilla_source_reconciles_total',
      help: 'GitRepository reconciles by outcome (new-artifact, unchanged, failed, stalled, suspended, crashed).',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'flotilla_source_reconcile_phase_seconds',
      help: 'Time spent per GitRepository reconcile phase (resolve: list refs, fetch, archive).',
      labelNames: ['phase'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [metrics.registry],
    });
  }
}
