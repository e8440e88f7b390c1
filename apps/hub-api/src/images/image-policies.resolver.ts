import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { ImagePolicyInput, ImagePolicyPreviewInput } from './dto/image-policy.inputs.js';
import { ImagePolicyObject, ImagePolicyPreviewObject } from './dto/image-policy.object.js';
import { ImagePoliciesService } from './image-policies.service.js';

@Resolver(() => ImagePolicyObject)
@UseGuards(RolesGuard)
export class ImagePoliciesResolver {
  constructor(private readonly service: ImagePoliciesService) {}

  @Query(() => [ImagePolicyObject], { description: 'ImagePolicies ordered by namespace and name.' })
  @RequireRole('VIEWER')
  imagePolicies(): Promise<ImagePolicyObject[]> {
    return this.service.list();
  }

  @Query(() => ImagePolicyObject, { nullable: true })
  @RequireRole('VIEWER')
  imagePolicy(@Args('id', { type: () => ID }) id: string): Promise<ImagePolicyObject | null> {
    return this.service.get(id);
  }

  @Query(() => ImagePolicyPreviewObject, { description: 'The tag a policy would pick now from its repository’s stored tags; nothing is saved. Shape errors are BAD_USER_INPUT naming the field.' })
  @RequireRole('VIEWER')
  imagePolicyPreview(@Args('input', { type: () => ImagePolicyPreviewInput }) input: ImagePolicyPreviewInput): Promise<ImagePolicyPreviewObject> {
    return this.service.preview(input);
  }

  @Mutation(() => ImagePolicyObject, { description: 'Evaluated at once against the stored tags. Shape errors are BAD_USER_INPUT naming the field; a range or regex that does not compile gives Ready=False naming it.' })
  @RequireRole('OPERATOR')
  createImagePolicy(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('input', { type: () => ImagePolicyInput }) input: ImagePolicyInput): Promise<ImagePolicyObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => ImagePolicyObject)
  @RequireRole('OPERATOR')
  updateImagePolicy(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => ImagePolicyInput }) input: ImagePolicyInput,
  ): Promise<ImagePolicyObject> {
    return this.service.update(actor, origin, id, input);
  }

  @Mutation(() => Boolean)
  @RequireRole('OPERATOR')
  deleteImagePolicy(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }
}
