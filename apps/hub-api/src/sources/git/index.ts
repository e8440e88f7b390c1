// The hub's GitRepository engine: what the `sources` Nest module wires up (see ../README.md).
export { reconcileGitRepository, displayUrl, type Clock, type GitSecretResolver, type PreviousGitRepositoryStatus, type ReconcileGitRepositoryInput } from './reconcile-git-repository.js';
export {
  parseGitRepositorySpec,
  parseGitCredentials,
  gitRepositorySpecSchema,
  gitCredentialsSchema,
  effectiveRef,
  describeRef,
  defaultBranch,
  defaultTimeout,
  type GitRepositorySpec,
  type GitRepositorySpecInput,
  type GitRepositoryRef,
  type GitCredentials,
  type EffectiveRef,
  type FieldError,
  type SpecResult,
} from './git-repository.spec.js';
export { readyCondition, mergeConditions, progressingStatus, type ArtifactStatus, type Condition, type ConditionReason, type ConditionType, type GitRepositoryReconcileResult, type GitRepositoryStatus, type ReconcileOutcome, type SourceEvent } from './git-repository.status.js';
export { GitTransportError, type GitTransport, type FetchTarget, type FetchedCommit, type RemoteOptions, type ServerRef, type TreeEntry } from './git-transport.js';
export { IsomorphicGitTransport } from './isomorphic-git-transport.js';
export { jitteredInterval, retryBackoff } from './requeue.js';
export { gitRevision } from './revision.js';
export { semverSelector, type SemverSelector } from './semver-adapter.js';
export { sealGitCredentials, openGitCredentials } from './git-credentials.sealed.js';
export { SourceUrlPolicy, SourcePolicyError, policyRefusal, parseHostRules, sourceUrlPolicyFor, hubIsLoopbackOnly, type HostRule } from './source-url-policy.js';
