import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ObjectRead, ObjectReadResult } from '@flotilla/protocol';
import { AgentGateway } from '../agents/agent.gateway.js';
import { DomainError } from '../common/domain-error.js';
import { IdGenerator } from '../common/id-generator.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';

/** The protocol version whose agents answer `object.read`. */
export const LIVE_OBJECTS_PROTOCOL = 5;
export const DEFAULT_OBJECT_READ_TIMEOUT_MS = 10_000;

interface Pending {
  clusterId: string;
  resolve: (result: ObjectReadResult) => void;
  timer: NodeJS.Timeout;
}

/**
 * Request and answer over an agent's connection: `object.read` goes out with a fresh id, the agent's
 * `object.read.result` with that id settles it, and nothing settles it after the timeout. Only the hub process
 * that holds the agent's socket can ask (no cross-replica messaging yet); elsewhere the agent counts as not
 * connected. An answer is taken only from the cluster it was asked of.
 */
@Injectable()
export class ObjectReadRequests implements OnModuleInit {
  private readonly pending = new Map<string, Pending>();

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly gateway: AgentGateway,
    private readonly ids: IdGenerator,
    private readonly log: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.gateway.handle('object.read.result', async (ctx, result) => {
      const p = this.pending.get(result.requestId);
      if (!p || p.clusterId !== ctx.clusterId) {
        this.log.warn('agent answered an object read nobody waits for', { clusterId: ctx.clusterId });
        return;
      }
      this.pending.delete(result.requestId);
      clearTimeout(p.timer);
      p.resolve(result);
    });
  }

  async ask(clusterId: string, read: Omit<ObjectRead, 'requestId'>): Promise<ObjectReadResult> {
    const requestId = this.ids.id();
    const timeoutMs = this.config.agents.objectReadTimeoutMs ?? DEFAULT_OBJECT_READ_TIMEOUT_MS;
    const answer = new Promise<ObjectReadResult | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve(undefined);
      }, timeoutMs);
      this.pending.set(requestId, { clusterId, resolve, timer });
    });
    if (!this.gateway.sendToCluster(clusterId, 'object.read', { requestId, ...read })) {
      const p = this.pending.get(requestId);
      if (p) clearTimeout(p.timer);
      this.pending.delete(requestId);
      const older = this.gateway.connectedHere().includes(clusterId);
      throw new DomainError(
        'AGENT_NOT_CONNECTED',
        older
          ? `the agent of this cluster is too old to show live objects (it needs protocol ${LIVE_OBJECTS_PROTOCOL}); upgrade it`
          : 'the agent of this cluster is not connected; live objects are read through it, try again when it is',
      );
    }
    const result = await answer;
    if (!result) throw new DomainError('AGENT_TIMEOUT', `the agent of this cluster did not answer within ${Math.round(timeoutMs / 1000)} s; try again`);
    return result;
  }
}
