import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { HelmReleaseInput, HelmRepositoryInput, HelmRepositorySecretsInput, HelmValuesPreviewInput } from './dto/helm.inputs.js';
import { HelmReleaseClusterStatusObject } from './dto/helm-release-status.objects.js';
import { HelmChartInfoObject, HelmReleaseClusterValuesObject, HelmReleaseObject, HelmRepositoryObject } from './dto/helm.objects.js';
import { HelmChartInfoService } from './helm-chart-info.js';
import { HelmReleasesService } from './helm-releases.service.js';
import { HelmRepositoriesService } from './helm-repositories.service.js';
import { HelmReleaseRevisionDiffObject } from './dto/helm-revision-diff.objects.js';
import { HelmRevisionDiffService } from './helm-revision-diff.service.js';

@Resolver(() => HelmRepositoryObject)
@UseGuards(RolesGuard)
export class HelmRepositoriesResolver {
  constructor(
    private readonly service: HelmRepositoriesService,
    private readonly charts: HelmChartInfoService,
  ) {}

  @Query(() => HelmChartInfoObject, {
    description:
      'A chart of a hub HelmRepository: the version `version` (a SemVer range, default `*`) selects in the stored index, with its values.yaml and values.schema.json (each at most 1 MiB). BAD_USER_INPUT on `repository`, `chart` or `version` when there is no such chart.',
  })
  @RequireRole('OPERATOR')
  helmChartInfo(
    @Args('namespace', { type: () => String, nullable: true, description: 'Default `flotilla-system`.' }) namespace: string | null | undefined,
    @Args('repository', { type: () => String }) repository: string,
    @Args('chart', { type: () => String }) chart: string,
    @Args('version', { type: () => String, nullable: true }) version: string | null | undefined,
  ): Promise<HelmChartInfoObject> {
    return this.charts.info(namespace || 'flotilla-system', repository, chart, version || '*');
  }

  @Query(() => [HelmRepositoryObject], { description: 'Hub HelmRepositories (fetched once for the fleet), ordered by namespace and name.' })
  @RequireRole('VIEWER')
  helmRepositories(): Promise<HelmRepositoryObject[]> {
    return this.service.list();
  }

  @Query(() => HelmRepositoryObject, { nullable: true })
  @RequireRole('VIEWER')
  helmRepository(@Args('id', { type: () => ID }) id: string): Promise<HelmRepositoryObject | null> {
    return this.service.get(id);
  }

  @Mutation(() => HelmRepositoryObject, { description: 'Validation errors are BAD_USER_INPUT with extensions.field (`url`, `interval`, `credentials`).' })
  @RequireRole('OPERATOR')
  createHelmRepository(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('input', { type: () => HelmRepositoryInput }) input: HelmRepositoryInput): Promise<HelmRepositoryObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => HelmRepositoryObject, { description: 'Credentials are kept unless `credentials` or `clearCredentials` is given.' })
  @RequireRole('OPERATOR')
  updateHelmRepository(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => HelmRepositoryInput }) input: HelmRepositoryInput,
  ): Promise<HelmRepositoryObject> {
    return this.service.update(actor, origin, id, input);
  }

  @Mutation(() => HelmRepositoryObject, {
    description:
      'Sets or clears only what the hub holds instead of Secrets (credentials, tls), keeping the spec. Works on a HelmRepository a FleetSync manages too: a sync keeps what is set here.',
  })
  @RequireRole('OPERATOR')
  setHelmRepositoryCredentials(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => HelmRepositorySecretsInput }) input: HelmRepositorySecretsInput,
  ): Promise<HelmRepositoryObject> {
    return this.service.setCredentials(actor, origin, id, input);
  }

  @Mutation(() => Boolean, { description: 'CONFLICT while a hub HelmRelease uses it.' })
  @RequireRole('ADMIN')
  deleteHelmRepository(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }

  @Mutation(() => Boolean, { description: 'Fetch the index now (flux reconcile source helm).' })
  @RequireRole('OPERATOR')
  reconcileHelmRepository(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.requestReconcile(actor, origin, id);
  }
}

@Resolver(() => HelmReleaseObject)
@UseGuards(RolesGuard)
export class HelmReleasesResolver {
  constructor(
    private readonly service: HelmReleasesService,
    private readonly revisions: HelmRevisionDiffService,
  ) {}

  @Query(() => [HelmReleaseObject], { description: 'Hub HelmReleases placed by labels; for a scoped caller, those placed on clusters of their scope.' })
  @RequireRole('VIEWER', 'scoped')
  helmReleases(@CurrentActor() actor: Actor): Promise<HelmReleaseObject[]> {
    return this.service.list(actor);
  }

  @Query(() => HelmReleaseObject, { nullable: true })
  @RequireRole('VIEWER', 'scoped')
  helmRelease(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<HelmReleaseObject | null> {
    return this.service.get(actor, id);
  }

  @ResolveField(() => [HelmReleaseClusterValuesObject], { description: 'Per targeted cluster the caller may see: the values it runs (overlays merged, cluster variables substituted).' })
  @RequireRole('VIEWER', 'scoped')
  clusterValues(@CurrentActor() actor: Actor, @Parent() release: HelmReleaseObject): Promise<HelmReleaseClusterValuesObject[]> {
    return this.service.clusterValues(actor, release);
  }

  @Query(() => HelmReleaseClusterValuesObject, { description: 'The values one cluster would run with these (unsaved) values and overlays: overlays merged in order, cluster variables substituted.' })
  @RequireRole('OPERATOR')
  helmValuesPreview(@Args('input', { type: () => HelmValuesPreviewInput }) input: HelmValuesPreviewInput): Promise<HelmReleaseClusterValuesObject> {
    return this.service.previewValues(input);
  }

  @ResolveField(() => [HelmReleaseClusterStatusObject], { description: 'One row per targeted cluster the caller may see: Ready, Flux’s reason, history and failures there.' })
  @RequireRole('VIEWER', 'scoped')
  clusters(@CurrentActor() actor: Actor, @Parent() release: HelmReleaseObject): Promise<HelmReleaseClusterStatusObject[]> {
    return this.service.clusterStatuses(actor, release);
  }

  @Query(() => HelmReleaseRevisionDiffObject, {
    description:
      'Two revisions of the release’s helm release on one cluster, values and manifest as helm stores them (masked by the agent), with unified diffs. Read through the cluster’s agent on each call: CONFLICT when it is not connected or too old (protocol 7), NOT_FOUND when helm keeps no such revision, AGENT_TIMEOUT, AGENT_FAILED.',
  })
  @RequireRole('VIEWER', 'scoped')
  helmReleaseRevisionDiff(
    @CurrentActor() actor: Actor,
    @Args('releaseId', { type: () => ID }) releaseId: string,
    @Args('clusterId', { type: () => ID }) clusterId: string,
    @Args('fromRevision', { type: () => Int }) fromRevision: number,
    @Args('toRevision', { type: () => Int }) toRevision: number,
  ): Promise<HelmReleaseRevisionDiffObject> {
    return this.revisions.diff(actor, releaseId, clusterId, fromRevision, toRevision);
  }

  @Mutation(() => HelmReleaseObject, { description: 'Validation errors are BAD_USER_INPUT with extensions.field (`spec.<field>`, `overlays.<i>.clusterSelector`, `placement.clusterSelector`); values that break the chart’s values.schema.json on `spec.values` or `overlays.<i>.values`.' })
  @RequireRole('OPERATOR')
  createHelmRelease(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('input', { type: () => HelmReleaseInput }) input: HelmReleaseInput): Promise<HelmReleaseObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => HelmReleaseObject)
  @RequireRole('OPERATOR')
  updateHelmRelease(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => HelmReleaseInput }) input: HelmReleaseInput,
  ): Promise<HelmReleaseObject> {
    return this.service.update(actor, origin, id, input);
  }

  @Mutation(() => Boolean)
  @RequireRole('ADMIN')
  deleteHelmRelease(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }
}
