import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { RequestReconcileInput } from '../kustomizations/dto/kustomization.inputs.js';
import { SuspendKind } from './dto/suspend-kind.js';
import { FluxKindRegistry } from './flux-kind-registry.js';

/** `flux reconcile`, `flux suspend` and `flux resume` of the hub's own definitions, through the kind registry. */
@Resolver()
@UseGuards(RolesGuard)
export class DefinitionOperationsResolver {
  constructor(private readonly registry: FluxKindRegistry) {}

  @Mutation(() => Boolean, {
    description: 'GitRepository: fetch now. Kustomization: send a reconcile request to its clusters (or clusterId), after refetching the source when withSource.',
  })
  @RequireRole('OPERATOR', 'scoped')
  async requestReconcile(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => RequestReconcileInput }) input: RequestReconcileInput,
  ): Promise<boolean> {
    await this.registry.runDefinition(actor, origin, input.kind, input.id, 'reconcile', { clusterId: input.clusterId, withSource: input.withSource });
    return true;
  }

  @Mutation(() => Boolean)
  @RequireRole('OPERATOR', 'scoped')
  async suspend(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('kind', { type: () => SuspendKind }) kind: SuspendKind,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    await this.registry.setSuspended(actor, origin, kind, id, true);
    return true;
  }

  @Mutation(() => Boolean)
  @RequireRole('OPERATOR', 'scoped')
  async resume(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('kind', { type: () => SuspendKind }) kind: SuspendKind,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    await this.registry.setSuspended(actor, origin, kind, id, false);
    return true;
  }
}
