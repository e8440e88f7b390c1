import { registerEnumType } from '@nestjs/graphql';

/**
 * The hub kinds `suspend` and `resume` act on: those with Flux's spec.suspend that the hub holds (Flux's kind
 * names). ImagePolicy is not among them: Flux's `suspend` command has no image policy.
 */
export const SuspendKind = {
  GitRepository: 'GitRepository',
  Kustomization: 'Kustomization',
  HelmRelease: 'HelmRelease',
  OCIRepository: 'OCIRepository',
  HelmRepository: 'HelmRepository',
  ImageRepository: 'ImageRepository',
  ImageUpdateAutomation: 'ImageUpdateAutomation',
  Alert: 'Alert',
  Provider: 'Provider',
  Receiver: 'Receiver',
} as const;
export type SuspendKind = (typeof SuspendKind)[keyof typeof SuspendKind];
registerEnumType(SuspendKind, { name: 'SuspendKind', description: 'A hub kind with Flux’s spec.suspend, by its Flux kind name.' });
