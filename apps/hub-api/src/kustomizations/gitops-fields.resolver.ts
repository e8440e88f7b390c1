import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole } from '../auth/roles.guard.js';
import { ClusterObject } from '../clusters/dto/cluster.object.js';
import { DomainError } from '../common/domain-error.js';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { OciRepositoryObject } from '../oci-sources/dto/oci-repository.object.js';
import { GitRepositoryObject } from '../sources/dto/git-repository.object.js';
import { ClusterEventObject, KustomizationClusterStatusObject, KustomizationObject } from './dto/kustomization.object.js';
import { KustomizationsService } from './kustomizations.service.js';

// Fields that join the GitOps types to each other and to Cluster. Their parents come from role-checked
// queries; each field narrows what it adds to the caller's scope (the RequireRole here records that decision).

@Resolver(() => KustomizationClusterStatusObject)
export class KustomizationClusterStatusResolver {
  constructor(private readonly service: KustomizationsService) {}

  @ResolveField('kustomization', () => KustomizationObject)
  @RequireRole('VIEWER', 'scoped')
  async kustomization(@CurrentActor() actor: Actor, @Parent() s: KustomizationClusterStatusObject): Promise<KustomizationObject> {
    const k = await this.service.get(actor, s.kustomizationId);
    if (!k) throw new DomainError('KUSTOMIZATION_NOT_FOUND', 'the Kustomization was deleted while reading its status');
    return k;
  }
}

@Resolver(() => ClusterObject)
export class ClusterGitOpsResolver {
  constructor(private readonly service: KustomizationsService) {}

  @ResolveField('kustomizations', () => [KustomizationClusterStatusObject], { description: 'The Kustomizations placed on this cluster that the caller may see, with their status here.' })
  @RequireRole('VIEWER', 'scoped')
  kustomizations(@CurrentActor() actor: Actor, @Parent() c: ClusterObject): Promise<KustomizationClusterStatusObject[]> {
    return this.service.forCluster(actor, c);
  }

  @ResolveField('events', () => [ClusterEventObject], { description: 'Newest first; those the caller may see.' })
  @RequireRole('VIEWER', 'scoped')
  events(
    @CurrentActor() actor: Actor,
    @Parent() c: ClusterObject,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
  ): Promise<ClusterEventObject[]> {
    return this.service.listEvents(actor, { clusterId: c.id, first });
  }
}

@Resolver(() => GitRepositoryObject)
export class GitRepositoryUsersResolver {
  constructor(private readonly service: KustomizationsService) {}

  @ResolveField('kustomizations', () => [KustomizationObject], { description: 'Kustomizations whose sourceRef names this GitRepository, those the caller may see.' })
  @RequireRole('VIEWER', 'scoped')
  kustomizations(@CurrentActor() actor: Actor, @Parent() g: GitRepositoryObject): Promise<KustomizationObject[]> {
    return this.service.usingSource(actor, g.namespace, g.name);
  }
}

@Resolver(() => OciRepositoryObject)
export class OciRepositoryUsersResolver {
  constructor(private readonly service: KustomizationsService) {}

  @ResolveField('kustomizations', () => [KustomizationObject], { description: 'Kustomizations whose sourceRef names this OCIRepository, those the caller may see.' })
  @RequireRole('VIEWER', 'scoped')
  kustomizations(@CurrentActor() actor: Actor, @Parent() o: OciRepositoryObject): Promise<KustomizationObject[]> {
    return this.service.usingSource(actor, o.namespace, o.name, FLUX_KINDS.OCIRepository.kind);
  }
}
