import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { KustomizationDiff, KustomizationDiffResult } from '@flotilla/protocol';
import { AgentGateway } from '../agents/agent.gateway.js';
import { AgentRequests, noAnswerError } from '../agents/agent-requests.js';
import { IdGenerator } from '../common/id-generator.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { SocketServer } from '../realtime/socket-server.js';

/** The protocol version whose agents answer `kustomization.diff`. */
export const KUSTOMIZATION_DIFF_PROTOCOL = 6;
/** A dry-run of every object of a large build takes a while on a busy API server. */
export const DEFAULT_KUSTOMIZATION_DIFF_TIMEOUT_MS = 60_000;

/** `kustomization.diff` over an agent's connection, its failures as the errors a user reads. */
@Injectable()
export class KustomizationDiffRequests implements OnModuleInit {
  private readonly requests: AgentRequests<'kustomization.diff'>;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig, gateway: AgentGateway, ids: IdGenerator, log: JsonLogger, sockets: SocketServer) {
    this.requests = new AgentRequests('kustomization.diff', KUSTOMIZATION_DIFF_PROTOCOL, { gateway, log, sockets, newId: () => ids.id(), timeoutMs: () => this.timeoutMs() });
  }

  private timeoutMs(): number {
    return this.config.agents.kustomizationDiffTimeoutMs ?? DEFAULT_KUSTOMIZATION_DIFF_TIMEOUT_MS;
  }

  onModuleInit(): void {
    this.requests.start();
  }

  async ask(clusterId: string, diff: Omit<KustomizationDiff, 'requestId'>): Promise<KustomizationDiffResult> {
    const r = await this.requests.ask(clusterId, diff);
    if (r.ok) return r.answer;
    throw noAnswerError(r.why, { timeoutMs: this.timeoutMs(), protocol: KUSTOMIZATION_DIFF_PROTOCOL, tooOld: 'to diff', offline: 'the diff is a dry-run by the agent' });
  }
}
