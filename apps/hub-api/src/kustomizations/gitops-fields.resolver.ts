import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ClusterObject } from '../clusters/dto/cluster.object.js';
import { GitRepositoryObject } from '../sources/dto/git-repository.object.js';
import { ClusterEventObject, KustomizationClusterStatusObject, KustomizationObject } from './dto/kustomization.object.js';
import { KustomizationsService } from './kustomizations.service.js';

// Fields that join the GitOps types to each other and to Cluster. Their parents come from role-checked queries.

@Resolver(() => KustomizationClusterStatusObject)
export class KustomizationClusterStatusResolver {
  constructor(private readonly service: KustomizationsService) {}

  @ResolveField('kustomization', () => KustomizationObject)
  async kustomization(@Parent() s: KustomizationClusterStatusObject): Promise<KustomizationObject> {
    const k = await this.service.get(s.kustomizationId);
    if (!k) throw new Error('Kustomization deleted while reading its status');
    return k;
  }
}

@Resolver(() => ClusterObject)
export class ClusterGitOpsResolver {
  constructor(private readonly service: KustomizationsService) {}

  @ResolveField('kustomizations', () => [KustomizationClusterStatusObject], { description: 'The Kustomizations placed on this cluster, with their status here.' })
  kustomizations(@Parent() c: ClusterObject): Promise<KustomizationClusterStatusObject[]> {
    return this.service.forCluster(c);
  }

  @ResolveField('events', () => [ClusterEventObject], { description: 'Newest first.' })
  events(@Parent() c: ClusterObject, @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number): Promise<ClusterEventObject[]> {
    return this.service.listEvents({ clusterId: c.id, first });
  }
}

@Resolver(() => GitRepositoryObject)
export class GitRepositoryUsersResolver {
  constructor(private readonly service: KustomizationsService) {}

  @ResolveField('kustomizations', () => [KustomizationObject], { description: 'Kustomizations whose sourceRef names this GitRepository.' })
  kustomizations(@Parent() g: GitRepositoryObject): Promise<KustomizationObject[]> {
    return this.service.usingSource(g.namespace, g.name);
  }
}
