import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one hub process (one registry per app, so tests can run several hubs). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly agentsConnected = new Gauge({
    name: 'flotilla_agents_connected',
    help: 'Agent websocket connections that said hello and are kept by this hub process.',
    registers: [this.registry],
  });
  readonly agentMessages = new Counter({
    name: 'flotilla_agent_messages_total',
    help: 'Valid messages received from agents, by type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly agentMessageErrors = new Counter({
    name: 'flotilla_agent_message_errors_total',
    help: 'Agent messages or handshakes rejected, by reason code.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  // Report delivery.
  readonly assignmentsChanged = new Counter({
    name: 'flotilla_assignments_changed_total',
    help: 'Cluster assignments stored with a new generation (the document changed).',
    registers: [this.registry],
  });
  readonly assignmentsPushed = new Counter({
    name: 'flotilla_assignments_pushed_total',
    help: 'Changed assignments pushed to an agent connected to this hub process.',
    registers: [this.registry],
  });
  readonly reportBatches = new Counter({
    name: 'flotilla_agent_report_batches_total',
    help: 'Agent report batches by type and outcome (written, duplicate, gap, rejected, failed, revoked).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly reportTransactionBatches = new Histogram({
    name: 'flotilla_agent_report_transaction_batches',
    help: 'Report batches per ingestion transaction (batches of many agents arriving together share one).',
    buckets: [1, 2, 5, 10, 25, 50, 100, 200, 500],
    registers: [this.registry],
  });

  readonly logins = new Counter({
    name: 'flotilla_logins_total',
    help: 'Password logins by outcome (success, invalid, throttled).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly agentRateLimited = new Counter({
    name: 'flotilla_agent_rate_limited_total',
    help: 'Agent messages refused by the per-agent rate limit (batches or bytes), by message type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly reportItemsRefused = new Counter({
    name: 'flotilla_agent_report_items_refused_total',
    help: 'Report items dropped (not placed on the reporting cluster, a cluster claiming a placed object, past the per-cluster bound), by batch type and protocol.error code.',
    labelNames: ['type', 'code'] as const,
    registers: [this.registry],
  });

  // Agent-facing HTTP refusals, so that a cluster probing for other clusters' artifacts or replaying a token shows.
  readonly artifactDownloadsRefused = new Counter({
    name: 'flotilla_artifact_downloads_refused_total',
    help: 'Artifact downloads refused, by code (credential invalid or revoked, artifact not in the cluster\'s assignment).',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly registrationsRefused = new Counter({
    name: 'flotilla_agent_registrations_refused_total',
    help: 'Agent registrations refused, by code (token unknown, expired or already used, bad request).',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
