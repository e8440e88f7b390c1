import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { ProposalClusterRolloutObject, UpdateProposalObject } from './dto/update-proposal.object.js';
import { IN_FLIGHT } from './proposals.repository.js';
import { ProposalsService } from './proposals.service.js';

@Resolver(() => UpdateProposalObject)
@UseGuards(RolesGuard)
export class ProposalsResolver {
  constructor(private readonly service: ProposalsService) {}

  @Query(() => [UpdateProposalObject], { description: 'Newest first; `open: true` gives those in flight (open, approved, conflicted).' })
  @RequireRole('VIEWER')
  updateProposals(@Args('open', { type: () => Boolean, nullable: true }) open?: boolean | null): Promise<UpdateProposalObject[]> {
    return this.service.list(open ? IN_FLIGHT : undefined);
  }

  @Query(() => Int, { description: 'How many proposals are in flight (the inbox badge).' })
  @RequireRole('VIEWER')
  async openProposalCount(): Promise<number> {
    return (await this.service.list(IN_FLIGHT)).length;
  }

  @Query(() => UpdateProposalObject, { nullable: true })
  @RequireRole('VIEWER')
  updateProposal(@Args('id', { type: () => ID }) id: string): Promise<UpdateProposalObject | null> {
    return this.service.get(id);
  }

  @ResolveField(() => [ProposalClusterRolloutObject], { description: 'After the merge, every targeted cluster from waiting for the source to applied to healthy at the merged commit, or failed with its reason.' })
  @RequireRole('VIEWER')
  rollout(@Parent() proposal: UpdateProposalObject): Promise<ProposalClusterRolloutObject[]> {
    return this.service.rollout(proposal.id);
  }

  @Mutation(() => UpdateProposalObject, { description: 'Operators, or members of the automation’s approver team. Enough approvals make it `approved`.' })
  @RequireRole('VIEWER')
  approveUpdateProposal(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('comment', { type: () => String, nullable: true }) comment?: string | null,
  ): Promise<UpdateProposalObject> {
    return this.service.approve(actor, origin, id, comment ?? null);
  }

  @Mutation(() => UpdateProposalObject, { description: 'Replaces one file of the proposal with `content` (a hand edit, kept over every rebuild); resets approvals. Who edits may not approve. Same rights as approving.' })
  @RequireRole('VIEWER')
  editUpdateProposalFile(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('path', { type: () => String }) path: string,
    @Args('content', { type: () => String }) content: string,
  ): Promise<UpdateProposalObject> {
    return this.service.editFile(actor, origin, id, path, content);
  }

  @Mutation(() => UpdateProposalObject)
  @RequireRole('VIEWER')
  rejectUpdateProposal(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('reason', { type: () => String }) reason: string): Promise<UpdateProposalObject> {
    return this.service.reject(actor, origin, id, reason);
  }

  @Mutation(() => UpdateProposalObject, { description: 'Fast-forwards the base branch to the approved commit, or makes a merge commit (the automation’s mergeStrategy). CONFLICT (PROPOSAL_OUTDATED) when the base moved: the proposal is rebuilt.' })
  @RequireRole('VIEWER')
  mergeUpdateProposal(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<UpdateProposalObject> {
    return this.service.merge(actor, origin, id);
  }
}
