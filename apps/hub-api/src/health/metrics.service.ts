import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

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

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
