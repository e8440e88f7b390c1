import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ROLE_KEY, type RoleRequirement } from '../auth/roles.guard.js';
import { HelmReleasesResolver, HelmRepositoriesResolver } from '../helm/helm.resolver.js';
import { ImagePoliciesResolver } from '../images/image-policies.resolver.js';
import { ImageRepositoriesResolver } from '../images/image-repositories.resolver.js';
import { ImageUpdateAutomationsResolver } from '../images/image-update-automations.resolver.js';
import { KustomizationsResolver } from '../kustomizations/kustomizations.resolver.js';
import { ReceiversResolver } from '../notifications/receivers/receivers.resolver.js';
import { NotificationsResolver } from '../notifications/notifications.resolver.js';
import { OciRepositoriesResolver } from '../oci-sources/oci-repositories.resolver.js';
import { GitRepositoriesResolver } from '../sources/git-repositories.resolver.js';
import { DELETE_ROLE } from './fleet-edit-proposals.resolver.js';
import type { ProposableKind } from './fleet-edit-proposals.service.js';

/** Each kind's own delete mutation, whose declared role a proposed delete must need too. */
const HAND_DELETE: Record<ProposableKind, [object, string]> = {
  Kustomization: [KustomizationsResolver.prototype, 'deleteKustomization'],
  GitRepository: [GitRepositoriesResolver.prototype, 'deleteGitRepository'],
  HelmRelease: [HelmReleasesResolver.prototype, 'deleteHelmRelease'],
  OCIRepository: [OciRepositoriesResolver.prototype, 'deleteOciRepository'],
  HelmRepository: [HelmRepositoriesResolver.prototype, 'deleteHelmRepository'],
  ImageRepository: [ImageRepositoriesResolver.prototype, 'deleteImageRepository'],
  ImagePolicy: [ImagePoliciesResolver.prototype, 'deleteImagePolicy'],
  ImageUpdateAutomation: [ImageUpdateAutomationsResolver.prototype, 'deleteImageUpdateAutomation'],
  Provider: [NotificationsResolver.prototype, 'deleteNotificationProvider'],
  Alert: [NotificationsResolver.prototype, 'deleteAlert'],
  Receiver: [ReceiversResolver.prototype, 'deleteReceiver'],
};

describe('proposeFleetDelete needs the role of the kind’s own delete', () => {
  it.each(Object.keys(HAND_DELETE) as ProposableKind[])('%s: the same role, on the whole fleet, as its delete mutation', (kind) => {
    const [proto, method] = HAND_DELETE[kind];
    const fn = (proto as Record<string, unknown>)[method];
    expect(typeof fn, `${method} exists`).toBe('function');
    const declared = Reflect.getMetadata(ROLE_KEY, fn as object) as RoleRequirement | undefined;
    expect(declared).toEqual({ role: DELETE_ROLE[kind], scope: 'fleet' });
  });
});
