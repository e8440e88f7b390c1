import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../auth/roles.guard.js';
import { HelmReleaseObject, HelmRepositoryObject } from '../helm/dto/helm.objects.js';
import { ImagePolicyObject } from '../images/dto/image-policy.object.js';
import { ImageRepositoryObject } from '../images/dto/image-repository.object.js';
import { ImageUpdateAutomationObject } from '../images/dto/image-update-automation.object.js';
import { AlertObject } from '../notifications/dto/alert.object.js';
import { NotificationProviderObject } from '../notifications/dto/notification-provider.object.js';
import { ReceiverObject } from '../notifications/dto/receiver.object.js';
import { OciRepositoryObject } from '../oci-sources/dto/oci-repository.object.js';
import { ManagedByGitObject } from './dto/fleet-sync.object.js';
import type { ServiceKind } from './fleet-sync.plan.js';
import { FleetSyncService } from './fleet-sync.service.js';

// `managedBy` on the object types of the kinds a FleetSync writes through their services, as the
// Kustomization's and GitRepository's (in fleet-sync.resolver.ts): the same field, one resolver per type.

type ObjectClass = abstract new (...args: never[]) => { id: string };

function managedByResolver(kind: ServiceKind, type: ObjectClass) {
  @Resolver(() => type)
  class ManagedByResolver {
    constructor(readonly service: FleetSyncService) {}

    @ResolveField(() => ManagedByGitObject, { nullable: true, description: `Set when a FleetSync made this ${kind} from git: then it is edited there, not here.` })
    // The parent came from a role-checked query; the git origin adds nothing outside what the caller sees.
    @RequireRole('VIEWER')
    managedBy(@Parent() o: { id: string }): Promise<ManagedByGitObject | null> {
      return this.service.managedBy(kind, o.id);
    }
  }
  Object.defineProperty(ManagedByResolver, 'name', { value: `${kind}ManagedByResolver` });
  return ManagedByResolver;
}

export const MANAGED_BY_RESOLVERS = [
  managedByResolver('OCIRepository', OciRepositoryObject),
  managedByResolver('HelmRepository', HelmRepositoryObject),
  managedByResolver('HelmRelease', HelmReleaseObject),
  managedByResolver('ImageRepository', ImageRepositoryObject),
  managedByResolver('ImagePolicy', ImagePolicyObject),
  managedByResolver('ImageUpdateAutomation', ImageUpdateAutomationObject),
  managedByResolver('Provider', NotificationProviderObject),
  managedByResolver('Alert', AlertObject),
  managedByResolver('Receiver', ReceiverObject),
];
