import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { parseMessage, type ObjectRead, type ObjectReadResult } from '@flotilla/protocol';
import { z } from 'zod';
import { AgentGateway } from '../agents/agent.gateway.js';
import { DomainError } from '../common/domain-error.js';
import { IdGenerator } from '../common/id-generator.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { SocketServer } from '../realtime/socket-server.js';

/** The protocol version whose agents answer `object.read`. */
export const LIVE_OBJECTS_PROTOCOL = 5;
export const DEFAULT_OBJECT_READ_TIMEOUT_MS = 10_000;

/** The server-side event by which the replica holding an agent's socket hands its answer to the others. */
const RESULT_ELSEWHERE = 'hub:objectReadResult';
const relayedSchema = z.object({ clusterId: z.string().min(1).max(64), result: z.unknown() });

interface Pending {
  clusterId: string;
  resolve: (result: ObjectReadResult) => void;
  timer: NodeJS.Timeout;
}

/**
 * Request and answer over an agent's connection: `object.read` goes out with a fresh id, the agent's
 * `object.read.result` with that id settles it, and nothing settles it after the timeout. With several replicas
 * (the Postgres socket adapter) the request reaches the agent through its cluster's room on whichever replica
 * holds the socket, and that replica hands the answer to the others with a server-side event; the one waiting
 * for the id takes it. An answer is taken only from the cluster it was asked of.
 */
@Injectable()
export class ObjectReadRequests implements OnModuleInit {
  private readonly pending = new Map<string, Pending>();

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly gateway: AgentGateway,
    private readonly ids: IdGenerator,
    private readonly log: JsonLogger,
    private readonly sockets: SocketServer,
  ) {}

  onModuleInit(): void {
    this.gateway.handle('object.read.result', async (ctx, result) => {
      if (this.settle(ctx.clusterId, result)) return;
      if (this.sockets.linked) {
        this.sockets.namespace('/agent').serverSideEmit(RESULT_ELSEWHERE, { clusterId: ctx.clusterId, result });
        return;
      }
      this.log.warn('agent answered an object read nobody waits for', { clusterId: ctx.clusterId });
    });
    if (!this.sockets.linked) return;
    // Every other replica hears each relayed answer; only the one waiting for its id settles it. Checked again
    // here: the payload came through the database, not from the gateway's validation.
    this.sockets.namespace('/agent').on(RESULT_ELSEWHERE, (relayed: unknown) => {
      const outer = relayedSchema.safeParse(relayed);
      const inner = outer.success ? parseMessage('object.read.result', outer.data.result, { from: 'agentToHub', version: LIVE_OBJECTS_PROTOCOL }) : undefined;
      if (!outer.success || !inner?.ok) {
        this.log.warn('object read answer from another replica not understood', {});
        return;
      }
      this.settle(outer.data.clusterId, inner.message);
    });
  }

  /** Settles the request this answer is for, if this process waits for it; false otherwise. */
  private settle(clusterId: string, result: ObjectReadResult): boolean {
    const p = this.pending.get(result.requestId);
    if (!p || p.clusterId !== clusterId) return false;
    this.pending.delete(result.requestId);
    clearTimeout(p.timer);
    p.resolve(result);
    return true;
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
    if (!(await this.gateway.deliverToCluster(clusterId, 'object.read', { requestId, ...read }))) {
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
