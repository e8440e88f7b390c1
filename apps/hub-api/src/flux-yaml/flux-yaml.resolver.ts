import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { FluxYamlImportResultObject } from './dto/flux-yaml.object.js';
import { FluxYamlService } from './flux-yaml.service.js';

@Resolver()
@UseGuards(RolesGuard)
export class FluxYamlResolver {
  constructor(private readonly service: FluxYamlService) {}

  @Query(() => String, {
    description:
      'Hub objects as Flux YAML, sources first (GitRepository and OCIRepository source.toolkit.fluxcd.io/v1; ImageRepository, ImagePolicy and ImageUpdateAutomation image.toolkit.fluxcd.io/v1; Kustomization kustomize.toolkit.fluxcd.io/v1; HelmRepository v1 and HelmRelease helm.toolkit.fluxcd.io/v2; Provider and Alert notification.toolkit.fluxcd.io/v1beta3, Receiver v1; placement in placement.flotilla.dev/* annotations, an automation’s delivery in image-automation.flotilla.dev/* ones, an Alert’s clusters and mode in alert.flotilla.dev/* ones; no credentials, only the names of the Secrets a Provider or Receiver was imported with); all of them, or those of a kind, namespace and name.',
  })
  @RequireRole('VIEWER', 'scoped')
  exportFluxYaml(
    @CurrentActor() actor: Actor,
    @Args('kind', { type: () => String, nullable: true }) kind: string | null,
    @Args('namespace', { type: () => String, nullable: true }) namespace: string | null,
    @Args('name', { type: () => String, nullable: true }) name: string | null,
  ): Promise<string> {
    // An argument left out arrives as undefined.
    return this.service.export(actor, { kind: kind ?? null, namespace: namespace ?? null, name: name ?? null });
  }

  @Mutation(() => FluxYamlImportResultObject, {
    description: 'Creates or updates hub objects from Flux YAML. Every document is checked first; with any problem (or dryRun) nothing is written.',
  })
  @RequireRole('OPERATOR')
  importFluxYaml(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('yaml', { type: () => String }) yaml: string,
    @Args('dryRun', { type: () => Boolean, nullable: true, defaultValue: false }) dryRun: boolean,
  ): Promise<FluxYamlImportResultObject> {
    return this.service.import(actor, origin, yaml, dryRun);
  }
}
