import { Injectable } from '@nestjs/common';
import { AgentGateway } from '../agents/agent.gateway.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import type { FluxOperation } from './dto/flux-object.enums.js';
import type { OperationTarget } from './flux-kind-registry.js';

/** The protocol version whose agents act on objects found in their cluster (any-kind reconcile, suspend, resume). */
const CLUSTER_OBJECTS_PROTOCOL = 3;

/**
 * Operations on a Flux object found in a cluster: a message to that cluster's agent, which annotates
 * `reconcile.fluxcd.io/requestedAt` or patches `spec.suspend` there, and reports the result like any status.
 */
@Injectable()
export class ClusterObjectCommands {
  constructor(
    private readonly gateway: AgentGateway,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async run(actor: Actor, origin: RequestOrigin, target: OperationTarget, operation: FluxOperation): Promise<void> {
    const ref = { kind: target.kind, namespace: target.namespace, name: target.name };
    const sent =
      operation === 'reconcile'
        ? await this.gateway.deliverToCluster(target.clusterId, 'reconcile', { ...ref, requestedAt: this.clock.now().toISOString() }, CLUSTER_OBJECTS_PROTOCOL)
        : await this.gateway.deliverToCluster(target.clusterId, operation, ref);
    if (!sent) {
      throw new DomainError('AGENT_NOT_CONNECTED', `the agent of this cluster is not connected (with protocol ${CLUSTER_OBJECTS_PROTOCOL} or newer); try again when it is`);
    }
    await this.audit.record(actor, origin, `fluxObject.${operation}`, { type: 'cluster', id: target.clusterId }, ref);
  }
}
