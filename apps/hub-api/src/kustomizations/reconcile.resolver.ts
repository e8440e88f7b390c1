import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { badInput } from '../common/domain-error.js';
import { GitRepositoriesService } from '../sources/git-repositories.service.js';
import { ReconcileKind, RequestReconcileInput } from './dto/kustomization.inputs.js';
import { KustomizationsService } from './kustomizations.service.js';

/** `flux reconcile`, `flux suspend` and `flux resume` for both kinds. */
@Resolver()
@UseGuards(RolesGuard)
export class ReconcileResolver {
  constructor(
    private readonly sources: GitRepositoriesService,
    private readonly kustomizations: KustomizationsService,
  ) {}

  @Mutation(() => Boolean, {
    description: 'GitRepository: fetch now. Kustomization: send a reconcile request to its clusters (or clusterId), after refetching the source when withSource.',
  })
  @RequireRole('OPERATOR')
  async requestReconcile(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => RequestReconcileInput }) input: RequestReconcileInput,
  ): Promise<boolean> {
    if (input.kind === ReconcileKind.GitRepository) {
      if (input.clusterId) throw badInput('clusterId', 'clusterId applies to Kustomizations only (sources are fetched by the hub)');
      if (input.withSource) throw badInput('withSource', 'withSource applies to Kustomizations only');
      await this.sources.requestReconcile(actor, origin, input.id);
      return true;
    }
    return this.kustomizations.requestReconcile(actor, origin, input.id, { clusterId: input.clusterId, withSource: input.withSource });
  }

  @Mutation(() => Boolean)
  @RequireRole('OPERATOR')
  suspend(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('kind', { type: () => ReconcileKind }) kind: ReconcileKind,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return kind === ReconcileKind.GitRepository ? this.sources.setSuspended(actor, origin, id, true) : this.kustomizations.setSuspended(actor, origin, id, true);
  }

  @Mutation(() => Boolean)
  @RequireRole('OPERATOR')
  resume(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('kind', { type: () => ReconcileKind }) kind: ReconcileKind,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return kind === ReconcileKind.GitRepository ? this.sources.setSuspended(actor, origin, id, false) : this.kustomizations.setSuspended(actor, origin, id, false);
  }
}
