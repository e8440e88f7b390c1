import { parseMessage, type HubToAgentEvents, type MessagePayloads } from '@flotilla/protocol';
import { z } from 'zod';
import { DomainError } from '../common/domain-error.js';
import type { JsonLogger } from '../common/logger.js';
import type { SocketServer } from '../realtime/socket-server.js';
import type { AgentGateway } from './agent.gateway.js';

/** The hub's requests an agent answers once, each with its answer's message type. */
const PAIRS = {
  'object.read': 'object.read.result',
  'substitute.read': 'substitute.read.result',
  'kustomization.diff': 'kustomization.diff.result',
  'helmrelease.revisions': 'helmrelease.revisions.result',
} as const;
/** The server-side event by which the replica holding an agent's socket hands an answer to the others. */
const RELAY_EVENTS: Record<RequestType, string> = {
  'object.read': 'hub:objectReadResult',
  'substitute.read': 'hub:substituteReadResult',
  'kustomization.diff': 'hub:kustomizationDiffResult',
  'helmrelease.revisions': 'hub:helmReleaseRevisionsResult',
};
type RequestType = keyof typeof PAIRS;
type Answer<Q extends RequestType> = MessagePayloads[(typeof PAIRS)[Q]];

/** Why no answer came: no replica holds the cluster's connection, it speaks an older protocol, or it was silent. */
export type NoAnswer = 'not-connected' | 'too-old' | 'timeout';

/**
 * The error a user reads when no answer came: a timeout, or the agent not connected or too old, each with what
 * the request needed (`tooOld`: what the agent is too old for; `offline`: why the agent must be connected).
 */
export function noAnswerError(why: NoAnswer, o: { timeoutMs: number; protocol: number; tooOld: string; offline: string }): DomainError {
  if (why === 'timeout') return new DomainError('AGENT_TIMEOUT', `the agent of this cluster did not answer within ${Math.round(o.timeoutMs / 1000)} s; try again`);
  return new DomainError(
    'AGENT_NOT_CONNECTED',
    why === 'too-old' ? `the agent of this cluster is too old ${o.tooOld} (it needs protocol ${o.protocol}); upgrade it` : `the agent of this cluster is not connected; ${o.offline}, try again when it is`,
  );
}

const relayedSchema = z.object({ clusterId: z.string().min(1).max(64), result: z.unknown() });

interface Pending<A> {
  clusterId: string;
  resolve: (result: A) => void;
  timer: NodeJS.Timeout;
}

/**
 * Request and answer over an agent's connection: the request goes out with a fresh id, the agent's answer with
 * that id settles it, and nothing settles it after the timeout. With several replicas (the Postgres socket
 * adapter) the request reaches the agent through its cluster's room on whichever replica holds the socket, and
 * that replica hands the answer to the others with a server-side event; the one waiting for the id takes it.
 * An answer is taken only from the cluster it was asked of.
 */
export class AgentRequests<Q extends RequestType> {
  private readonly pending = new Map<string, Pending<Answer<Q>>>();
  private readonly answerType: (typeof PAIRS)[Q];
  private readonly relayEvent: string;

  constructor(
    private readonly request: Q,
    /** The protocol version whose agents answer this request. */
    readonly protocol: number,
    private readonly deps: { gateway: AgentGateway; log: JsonLogger; sockets: SocketServer; newId: () => string; timeoutMs: () => number },
  ) {
    this.answerType = PAIRS[request];
    this.relayEvent = RELAY_EVENTS[request];
  }

  /** Registers the answer's handler and, with several replicas, the relay between them. */
  start(): void {
    const { gateway, log, sockets } = this.deps;
    gateway.handle(this.answerType, async (ctx, result) => {
      if (this.settle(ctx.clusterId, result as Answer<Q>)) return;
      if (sockets.linked) {
        sockets.namespace('/agent').serverSideEmit(this.relayEvent, { clusterId: ctx.clusterId, result });
        return;
      }
      log.warn(`agent answered a ${this.request} nobody waits for`, { clusterId: ctx.clusterId });
    });
    if (!sockets.linked) return;
    // Every other replica hears each relayed answer; only the one waiting for its id settles it. Checked again
    // here: the payload came through the database, not from the gateway's validation.
    sockets.namespace('/agent').on(this.relayEvent, (relayed: unknown) => {
      const outer = relayedSchema.safeParse(relayed);
      const inner = outer.success ? parseMessage(this.answerType, outer.data.result, { from: 'agentToHub', version: this.protocol }) : undefined;
      if (!outer.success || !inner?.ok) {
        log.warn(`${this.request} answer from another replica not understood`, {});
        return;
      }
      this.settle(outer.data.clusterId, inner.message as Answer<Q>);
    });
  }

  /** Settles the request this answer is for, if this process waits for it; false otherwise. */
  private settle(clusterId: string, result: Answer<Q>): boolean {
    const p = this.pending.get(result.requestId);
    if (!p || p.clusterId !== clusterId) return false;
    this.pending.delete(result.requestId);
    clearTimeout(p.timer);
    p.resolve(result);
    return true;
  }

  /** `minVersion`: a newer protocol version this request needs (a newer shape of the message), else `protocol`. */
  async ask(clusterId: string, payload: Omit<MessagePayloads[Q], 'requestId'>, minVersion = this.protocol): Promise<{ ok: true; answer: Answer<Q> } | { ok: false; why: NoAnswer }> {
    const requestId = this.deps.newId();
    const answer = new Promise<Answer<Q> | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve(undefined);
      }, this.deps.timeoutMs());
      this.pending.set(requestId, { clusterId, resolve, timer });
    });
    const message = { requestId, ...payload } as unknown as Parameters<HubToAgentEvents[Q]>[0];
    if (!(await this.deps.gateway.deliverToCluster(clusterId, this.request, message, minVersion))) {
      const p = this.pending.get(requestId);
      if (p) clearTimeout(p.timer);
      this.pending.delete(requestId);
      return { ok: false, why: this.deps.gateway.connectedHere().includes(clusterId) ? 'too-old' : 'not-connected' };
    }
    const result = await answer;
    return result ? { ok: true, answer: result } : { ok: false, why: 'timeout' };
  }
}
