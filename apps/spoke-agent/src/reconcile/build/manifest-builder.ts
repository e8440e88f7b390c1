import type { KubeObject } from '@flotilla/reconcile-core';
import type { FileTree } from '@flotilla/git-source/browser';
import type { KustomizationSpec } from '../kustomization-spec.js';

export interface BuildError {
  /** The file or object the error concerns, when known. */
  path?: string;
  message: string;
}

export type BuildOutput = { ok: true; objects: KubeObject[] } | { ok: false; errors: BuildError[] };

/**
 * The kustomize build as the pipeline sees it: the artifact's files and the Kustomization's overlay fields
 * (targetNamespace, namePrefix/nameSuffix, commonMetadata, patches, images, components) in, objects out.
 * `kustomizeBuilder` implements it with reconcile-core's build. Decryption, substitution and owner labels are
 * the pipeline's, after the build.
 */
export interface ManifestBuilder {
  build(files: FileTree, spec: KustomizationSpec): Promise<BuildOutput>;
}
