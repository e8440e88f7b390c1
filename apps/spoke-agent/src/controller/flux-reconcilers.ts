import { storedArtifactOpener } from './kinds/git-repository/git-artifact-opener.js';
import type { GitArtifactStorage } from './kinds/git-repository/git-artifact-storage.js';
import { createGitRepositoryReconciler } from './kinds/git-repository/git-repository-reconciler.js';
import { createOciRepositoryReconciler } from './kinds/oci-repository/oci-repository-reconciler.js';
import { createBucketReconciler } from './kinds/bucket/bucket-reconciler.js';
import type { ResourceManager } from '../k8s/index.js';
import { kustomizeBuilder, type ManifestBuilder } from '../reconcile/index.js';
import type { ControllerRuntime } from './controller-runtime.js';
import type { ArtifactOpener } from './kind-reconciler.js';
import { KustomizationReconciler, type KustomizationSourceKind } from './kustomization-reconciler.js';
import type { LastBuilds } from '../live/last-builds.js';

export interface FluxReconcilersOptions {
  resources: ResourceManager;
  gitArtifacts: GitArtifactStorage;
  ociArtifacts: GitArtifactStorage;
  bucketArtifacts: GitArtifactStorage;
  /** Source kinds besides GitRepository, OCIRepository and Bucket that Kustomizations may name (the hub's ExternalArtifacts). */
  openers?: ReadonlyMap<KustomizationSourceKind, ArtifactOpener>;
  builder?: ManifestBuilder;
  builds?: LastBuilds;
}

/**
 * The kinds the agent serves as Flux's controllers do: GitRepository, OCIRepository and Bucket fetched into the agent's
 * artifact storage, Kustomization built from them (or from another registered source kind) and applied.
 */
export function registerFluxReconcilers(controllers: ControllerRuntime, opts: FluxReconcilersOptions): void {
  const openers = new Map<KustomizationSourceKind, ArtifactOpener>([...(opts.openers ?? []), ['GitRepository', storedArtifactOpener(opts.gitArtifacts)], ['OCIRepository', storedArtifactOpener(opts.ociArtifacts)], ['Bucket', storedArtifactOpener(opts.bucketArtifacts)]]);
  controllers.register(createGitRepositoryReconciler({ kube: opts.resources.client, storage: opts.gitArtifacts }));
  controllers.register(createOciRepositoryReconciler({ kube: opts.resources.client, storage: opts.ociArtifacts }));
  controllers.register(createBucketReconciler({ kube: opts.resources.client, storage: opts.bucketArtifacts }));
  controllers.register(new KustomizationReconciler({ resources: opts.resources, builder: opts.builder ?? kustomizeBuilder, openers, ...(opts.builds ? { builds: opts.builds } : {}) }));
}
