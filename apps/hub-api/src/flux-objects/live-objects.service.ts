import { Injectable } from '@nestjs/common';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { scopeHolds } from '../auth/access.js';
import { AccessService } from '../auth/access.service.js';
import type { Actor } from '../auth/actor.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { validNamespace } from '../sources/git-repository.validation.js';
import type { FluxObjectRefInput } from './dto/flux-object.inputs.js';
import type { LiveObjectObject, ManagedObjectRefInput } from './dto/live-object.dto.js';
import { inventoryOf, validRef } from './flux-object-ref.js';
import { FluxObjectsRepository } from './flux-objects.repository.js';
import { toLiveObject } from './live-object.mapper.js';
import { ObjectReadRequests } from './object-read-requests.js';

const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const GROUP = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)?$/;

/**
 * Live objects on demand: one object of a Kustomization's inventory, or of a HelmRelease's current release (the
 * inventory its agent reports from helm's storage), read through the cluster's agent. The hub checks who asks (a
 * viewer of that cluster and namespace) and that the object is in the inventory it stores for that owner; the
 * agent checks the inventory again and redacts before anything leaves the cluster.
 */
@Injectable()
export class LiveObjectsService {
  constructor(
    private readonly repo: FluxObjectsRepository,
    private readonly access: AccessService,
    private readonly requests: ObjectReadRequests,
  ) {}

  async read(actor: Actor, ownerRef: FluxObjectRefInput, target: ManagedObjectRefInput): Promise<LiveObjectObject> {
    const owner = validRef(ownerRef, 'owner');
    const kind = owner.kind === FLUX_KINDS.Kustomization.kind || owner.kind === FLUX_KINDS.HelmRelease.kind ? owner.kind : undefined;
    if (!kind) throw badInput('owner.kind', 'live objects are read from the inventory of a Kustomization or a HelmRelease; this is neither');
    if (!KIND.test(target.kind)) throw badInput('target.kind', 'kind must be letters and digits, starting with a letter');
    if (!GROUP.test(target.group) || target.group.length > 253) throw badInput('target.group', 'group must be empty or a DNS subdomain');
    if (target.name.length < 1 || target.name.length > 253 || /[/\s]/.test(target.name)) throw badInput('target.name', 'name must be 1 to 253 characters without "/" or spaces');
    const namespace = target.namespace ? validNamespace(target.namespace, 'target.namespace') : '';
    const scope = await this.access.scope(actor, 'VIEWER');
    const notFound = new DomainError('FLUX_OBJECT_NOT_FOUND', `no such ${kind} on that cluster`);
    if (!scopeHolds(scope, owner.clusterId, owner.namespace)) throw notFound;
    // A namespaced object is shown only to who may see its namespace; a cluster-scoped one to who may see its owner.
    if (namespace !== '' && !scopeHolds(scope, owner.clusterId, namespace)) throw new DomainError('FORBIDDEN', `you may not see namespace ${namespace} on this cluster`);
    const row = await this.repo.find(owner);
    if (!row) throw notFound;
    const subject = `${target.kind}/${namespace ? `${namespace}/` : ''}${target.name}`;
    const held = inventoryOf(row.inventory).some((e) => e.group === target.group && e.kind === target.kind && e.namespace === namespace && e.name === target.name);
    if (!held) throw new DomainError('FORBIDDEN', `${subject} is not in the inventory of ${kind} ${owner.namespace}/${owner.name}; only objects it applied can be read`);
    const result = await this.requests.ask(owner.clusterId, {
      owner: { kind, namespace: owner.namespace, name: owner.name },
      target: { group: target.group, kind: target.kind, ...(namespace ? { namespace } : {}), name: target.name },
    });
    if (!result.ok) {
      switch (result.code) {
        case 'FORBIDDEN':
          throw new DomainError('FORBIDDEN', `the agent may not read ${subject}: ${result.message}`);
        case 'NOT_IN_INVENTORY':
          throw new DomainError('FORBIDDEN', `the agent refused: ${result.message}`);
        case 'KIND_UNKNOWN':
        case 'OBJECT_TOO_LARGE':
        case 'READ_FAILED':
          throw new DomainError('AGENT_FAILED', `the agent could not read ${subject}: ${result.message}`);
      }
    }
    return toLiveObject(result.live, result.desired);
  }
}
