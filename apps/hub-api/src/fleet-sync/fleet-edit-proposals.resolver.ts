import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import type { Role } from '@flotilla/prisma/client';
import { RequireRole, requireRole, RolesGuard } from '../auth/roles.guard.js';
import { badInput } from '../common/domain-error.js';
import { HelmReleaseInput, HelmRepositoryInput } from '../helm/dto/helm.inputs.js';
import { KustomizationInput } from '../kustomizations/dto/kustomization.inputs.js';
import { ImagePolicyInput } from '../images/dto/image-policy.inputs.js';
import { ImageRepositoryInput } from '../images/dto/image-repository.inputs.js';
import { ImageUpdateAutomationInput } from '../images/dto/image-update-automation.inputs.js';
import { AlertInput } from '../notifications/dto/alert.input.js';
import { NotificationProviderInput } from '../notifications/dto/notification-provider.input.js';
import { ReceiverInput } from '../notifications/dto/receiver.input.js';
import { OciRepositoryInput } from '../oci-sources/dto/oci-repository.inputs.js';
import { UpdateProposalObject } from '../proposals/dto/update-proposal.object.js';
import { GitRepositoryInput } from '../sources/dto/git-repository.inputs.js';
import { FleetEditProposals, PROPOSABLE_KINDS, type ProposableKind } from './fleet-edit-proposals.service.js';

// Who may propose a change is who could make it were the object not managed: the roles of the update and
// delete mutations of these kinds.

/** The role of each kind's own delete mutation, on the whole fleet: a proposed delete needs the same. */
export const DELETE_ROLE: Readonly<Record<ProposableKind, Role>> = {
  Kustomization: 'ADMIN',
  GitRepository: 'ADMIN',
  HelmRelease: 'ADMIN',
  OCIRepository: 'ADMIN',
  HelmRepository: 'ADMIN',
  ImageRepository: 'OPERATOR',
  ImagePolicy: 'OPERATOR',
  ImageUpdateAutomation: 'OPERATOR',
  Provider: 'ADMIN',
  Alert: 'ADMIN',
  Receiver: 'ADMIN',
};

@Resolver(() => UpdateProposalObject)
@UseGuards(RolesGuard)
export class FleetEditProposalsResolver {
  constructor(private readonly service: FleetEditProposals) {}

  @Mutation(() => UpdateProposalObject, { description: 'For a Kustomization managed by git: commits the edit to its file on a new branch and opens a proposal, instead of applying it. NOT_MANAGED_BY_GIT for one made at the hub.' })
  @RequireRole('OPERATOR')
  proposeKustomizationEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: KustomizationInput): Promise<UpdateProposalObject> {
    return this.service.proposeKustomization(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, { description: 'For a GitRepository managed by git: the edit proposed in git. Credentials are never proposed (the hub holds them).' })
  @RequireRole('OPERATOR')
  proposeGitRepositoryEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: GitRepositoryInput): Promise<UpdateProposalObject> {
    return this.service.proposeGitRepository(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, { description: 'For a HelmRelease managed by git: the edit proposed in git.' })
  @RequireRole('OPERATOR')
  proposeHelmReleaseEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: HelmReleaseInput): Promise<UpdateProposalObject> {
    return this.service.proposeHelmRelease(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, { description: 'For an OCIRepository managed by git: the edit proposed in git. Credentials, TLS material and cosign keys are never proposed (the hub holds them).' })
  @RequireRole('OPERATOR')
  proposeOCIRepositoryEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: OciRepositoryInput): Promise<UpdateProposalObject> {
    return this.service.proposeOciRepository(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, { description: 'For a HelmRepository managed by git: the edit proposed in git. Credentials and TLS material are never proposed (the hub holds them).' })
  @RequireRole('OPERATOR')
  proposeHelmRepositoryEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: HelmRepositoryInput): Promise<UpdateProposalObject> {
    return this.service.proposeHelmRepository(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, { description: 'For an ImageRepository managed by git: the edit proposed in git. Credentials are never proposed (the hub holds them).' })
  @RequireRole('OPERATOR')
  proposeImageRepositoryEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: ImageRepositoryInput): Promise<UpdateProposalObject> {
    return this.service.proposeImageRepository(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, { description: 'For an ImagePolicy managed by git: the edit proposed in git.' })
  @RequireRole('OPERATOR')
  proposeImagePolicyEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: ImagePolicyInput): Promise<UpdateProposalObject> {
    return this.service.proposeImagePolicy(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, { description: 'For an ImageUpdateAutomation managed by git: the edit proposed in git. The forge token is never proposed (the hub holds it).' })
  @RequireRole('OPERATOR')
  proposeImageUpdateAutomationEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: ImageUpdateAutomationInput): Promise<UpdateProposalObject> {
    return this.service.proposeImageUpdateAutomation(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, { description: 'For a notification Provider managed by git: the edit proposed in git. Its secret and CA certificates are never proposed (the hub holds them).' })
  @RequireRole('ADMIN')
  proposeProviderEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: NotificationProviderInput): Promise<UpdateProposalObject> {
    return this.service.proposeProvider(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, { description: 'For an Alert managed by git: the edit proposed in git.' })
  @RequireRole('ADMIN')
  proposeAlertEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: AlertInput): Promise<UpdateProposalObject> {
    return this.service.proposeAlert(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, { description: 'For a Receiver managed by git: the edit proposed in git. Its token is never proposed (the hub holds it), nor a gcr Receiver’s audience and email (Flux reads them from its Secret).' })
  @RequireRole('ADMIN')
  proposeReceiverEdit(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: ReceiverInput): Promise<UpdateProposalObject> {
    return this.service.proposeReceiver(actor, origin, id, input);
  }

  @Mutation(() => UpdateProposalObject, {
    description: `For an object managed by git (kind ${PROPOSABLE_KINDS.join(', ')}): proposes removing its document from its file (the file, when it is its only one). Needs the role of the kind's own delete mutation: operators for the image kinds, admins for the others.`,
  })
  @RequireRole('OPERATOR')
  proposeFleetDelete(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('kind', { type: () => String }) kind: string, @Args('id', { type: () => ID }) id: string): Promise<UpdateProposalObject> {
    const k = PROPOSABLE_KINDS.find((p) => p === kind);
    if (!k) throw badInput('kind', `kind: one of ${PROPOSABLE_KINDS.join(', ')}`);
    requireRole(actor, { role: DELETE_ROLE[k], scope: 'fleet' });
    return this.service.proposeDelete(actor, origin, k, id);
  }
}
