// Fetching Flux GitRepository sources: what the hub and the agent both import.
export {
  reconcileGitRepository,
  gitSecretOf,
  type Clock,
  type GitSecret,
  type GitSecretResolver,
  type PreviousGitRepositoryStatus,
  type ReconcileGitRepositoryInput,
} from './reconcile/reconcile-git-repository.js';
export {
  parseGitRepositorySpec,
  parseGitCredentials,
  gitCredentialsSchema,
  httpCredentialsSchema,
  sshCredentialsSchema,
  isSshCredentials,
  describeRef,
  effectiveRef,
  type HttpCredentials,
  type SshCredentials,
  type GitRepositorySpec,
  type GitRepositorySpecInput,
  type GitRepositoryRef,
  type GitCredentials,
  type FieldError,
  type SpecResult,
} from './spec/git-repository.spec.js';
export {
  mergeConditions,
  progressingStatus,
  type ArtifactStatus,
  type Condition,
  type ConditionReason,
  type ConditionType,
  type GitRepositoryReconcileResult,
  type GitRepositoryStatus,
  type ReconcileOutcome,
  type SourceEvent,
} from './status/git-repository.status.js';
export { GitTransportError, type GitTransport, type FetchTarget, type FetchedCommit, type RemoteOptions, type ServerRef, type TreeEntry } from './transport/git-transport.js';
export { isomorphicGit } from './transport/isomorphic-git-module.js';
export { IsomorphicGitTransport, type IsomorphicGitTransportOptions } from './transport/isomorphic-git-transport.js';
export { SshGitTransport, type SshGitTransportOptions } from './transport/ssh-git-transport.js';
export { createGitTransport, SchemeGitTransport, type GitTransportOptions } from './transport/git-transports.js';
export { isEncryptedPrivateKey, openSshPublicKey, type SshSecretData } from './reconcile/ssh-auth.js';
export { SshGitPushTransport, type SshGitPushTransportOptions } from './transport/ssh-git-push.js';
export { HostRefusedError, type HostGuard } from './transport/host-guard.js';
export type { SemverSelector } from './ref/semver-adapter.js';
export { artifactKey, ArtifactStoreError, digestHex, isDigest, type ArtifactStore, type ArtifactStoreErrorCode, type ListedArtifact, type PutOptions, type StoredArtifact } from './storage/artifact-store.js';
export { FsArtifactStore, writeHashed, type FsArtifactStoreOptions } from './storage/fs-artifact-store.js';
export { ArchiveError, archiveStream, planArchive, type ArchiveInput, type ArchivePlan } from './archive/tree-archive.js';
export { ArchiveReadError, readArchive, type ReadArchiveLimits } from './archive/read-archive.js';
export { jitteredInterval, retryBackoff } from './reconcile/requeue.js';
export { credentialHttpClient, type CredentialHttpClientOptions } from './transport/credential-http-client.js';
export { openArtifact, defaultArtifactLimits, type Artifact, type ArtifactLimits, type OpenedArtifact } from './archive/open-artifact.js';
export { readTar, safePath, TarError, type TarEntry, type TarLimits } from './archive/tar.js';
export { fileTreeFromStrings, type FileTree } from './archive/file-tree.js';
export { bucketIgnoreFilter, type IgnoreFilter } from './ignore/source-ignore.js';
