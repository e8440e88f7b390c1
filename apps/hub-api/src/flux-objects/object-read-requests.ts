import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ObjectRead, ObjectReadResult } from '@flotilla/protocol';
import { AgentGateway } from '../agents/agent.gateway.js';
import { AgentRequests, noAnswerError } from '../agents/agent-requests.js';
import { IdGenerator } from '../common/id-generator.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { SocketServer } from '../realtime/socket-server.js';

/** The protocol version whose agents answer `object.read`. */
export const LIVE_OBJECTS_PROTOCOL = 5;
/** The protocol version whose agents answer `object.read` for an object of a HelmRelease's release. */
export const HELM_RELEASE_OBJECTS_PROTOCOL = 8;
export const DEFAULT_OBJECT_READ_TIMEOUT_MS = 10_000;

/** `object.read` over an agent's connection, its failures as the errors a user reads. */
@Injectable()
export class ObjectReadRequests implements OnModuleInit {
  private readonly requests: AgentRequests<'object.read'>;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig, gateway: AgentGateway, ids: IdGenerator, log: JsonLogger, sockets: SocketServer) {
    this.requests = new AgentRequests('object.read', LIVE_OBJECTS_PROTOCOL, { gateway, log, sockets, newId: () => ids.id(), timeoutMs: () => this.timeoutMs() });
  }

  private timeoutMs(): number {
    return this.config.agents.objectReadTimeoutMs ?? DEFAULT_OBJECT_READ_TIMEOUT_MS;
  }

  onModuleInit(): void {
    this.requests.start();
  }

  async ask(clusterId: string, read: Omit<ObjectRead, 'requestId'>): Promise<ObjectReadResult> {
    const protocol = read.owner.kind === 'HelmRelease' ? HELM_RELEASE_OBJECTS_PROTOCOL : LIVE_OBJECTS_PROTOCOL;
    const r = await this.requests.ask(clusterId, read, protocol);
    if (r.ok) return r.answer;
    const tooOld = read.owner.kind === 'HelmRelease' ? 'to show the live objects of a HelmRelease' : 'to show live objects';
    throw noAnswerError(r.why, { timeoutMs: this.timeoutMs(), protocol, tooOld, offline: 'live objects are read through it' });
  }
}
