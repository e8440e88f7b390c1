import { Injectable } from '@nestjs/common';
import type { Role } from '@flotilla/prisma/client';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { fleetRole, scopeHolds, scopeOf, type ClusterLabels, type Scope } from './access.js';
import { roleAtLeast, type Actor, type RequestOrigin } from './actor.js';
import { ClusterLabelsRepository } from './cluster-labels.repository.js';

/** Where on a cluster an operation lands: the cluster as a whole (namespace null) or an object in a namespace. */
export interface AccessTarget {
  clusterId: string;
  namespace: string | null;
}

/**
 * Scope decisions for services: which clusters and namespaces an actor reaches with a role, and refusals
 * (FORBIDDEN, audited) of actions outside them. The role is first checked by RolesGuard; this narrows it.
 */
@Injectable()
export class AccessService {
  // The actor is built per request (and per live event), so the cluster labels are read at most once for each.
  private readonly labels = new WeakMap<Actor, Promise<ClusterLabels[]>>();

  constructor(
    private readonly clusters: ClusterLabelsRepository,
    private readonly audit: AuditService,
  ) {}

  async scope(actor: Actor, needed: Role): Promise<Scope> {
    if (roleAtLeast(fleetRole(actor), needed)) return { all: true };
    let clusters = this.labels.get(actor);
    if (!clusters) {
      clusters = this.clusters.all();
      this.labels.set(actor, clusters);
    }
    return scopeOf(actor, needed, await clusters);
  }

  /** Whether the actor may see this cluster (namespace undefined) or an object in this namespace of it. */
  async canSee(actor: Actor, clusterId: string, namespace?: string | null): Promise<boolean> {
    return scopeHolds(await this.scope(actor, 'VIEWER'), clusterId, namespace);
  }

  async allows(actor: Actor, needed: Role, target: AccessTarget): Promise<boolean> {
    return scopeHolds(await this.scope(actor, needed), target.clusterId, target.namespace);
  }

  async require(actor: Actor, origin: RequestOrigin, needed: Role, target: AccessTarget, action: string): Promise<void> {
    if (await this.allows(actor, needed, target)) return;
    await this.audit.record(actor, origin, 'access.denied', { type: 'cluster', id: target.clusterId }, { action, needed, namespace: target.namespace });
    const where = target.namespace === null ? 'on this cluster' : `in namespace ${target.namespace} of this cluster`;
    throw new DomainError('FORBIDDEN', `${action} needs the ${needed.toLowerCase()} role ${where}; your grants do not give it`);
  }

  /** For what reaches every cluster (definitions, fleet-wide suspends): the role on the whole fleet. */
  async requireFleet(actor: Actor, origin: RequestOrigin, needed: Role, action: string, target: { type: string; id: string | null }): Promise<void> {
    if (roleAtLeast(fleetRole(actor), needed)) return;
    await this.audit.record(actor, origin, 'access.denied', target, { action, needed, scope: 'fleet' });
    throw new DomainError('FORBIDDEN', `${action} needs the ${needed.toLowerCase()} role on the whole fleet; your grants are limited to some clusters or namespaces`);
  }
}
