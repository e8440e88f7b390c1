import { buildFluxKustomization } from '@flotilla/reconcile-core';
import type { FileTree } from '@flotilla/git-source/browser';
import type { KustomizationSpec } from '../kustomization-spec.js';
import type { BuildOutput, ManifestBuilder } from './manifest-builder.js';

/**
 * The kustomize build of reconcile-core (kustomize v5.5.0 semantics) with Flux's overlay fields, as
 * reconcile-core applies them for both the agent and the hub's proposal diff.
 */
export const kustomizeBuilder: ManifestBuilder = {
  async build(files: FileTree, spec: KustomizationSpec): Promise<BuildOutput> {
    const built = buildFluxKustomization(files, spec);
    if (!built.ok) return { ok: false, errors: built.errors.map((e) => ({ path: e.path, message: e.path ? `${e.path}: ${e.message}` : e.message })) };
    return { ok: true, objects: built.value };
  },
};
