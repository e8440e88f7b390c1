import { decryptObjects, formatCoreError, resolveSubstituteVars, substituteObjects, withOwnerLabels, type KubeObject, type SubstituteSource } from '@flotilla/reconcile-core';
import type { FileTree } from '@flotilla/git-source/browser';
import type { KustomizationRef, KustomizationSpec } from '../kustomization-spec.js';
import { decryptTree } from './decrypt-tree.js';
import type { ManifestBuilder } from './manifest-builder.js';

// The web UI renders through this file in the browser (the `./render` export): it and what it imports reach
// no node: module and nothing of the agent's Kubernetes client.

export type ClusterInputs<T> = { ok: true; value: T } | { ok: false; message: string };

export interface RenderInputs {
  /**
   * The age identities of `decryption.secretRef`, or `'keep-encrypted'` to leave SOPS content as it is (as
   * `flux build kustomization` does, which has no keys and masks what stays encrypted).
   */
  identities: readonly string[] | undefined | 'keep-encrypted';
  /** `postBuild.substituteFrom` with its data; asked for only when the spec has a postBuild. */
  substituteFrom: () => Promise<ClusterInputs<SubstituteSource[]>>;
}

export type Rendered = { ok: true; objects: KubeObject[] } | { ok: false; message: string };

/**
 * What a Kustomization applies, all in memory: SOPS decryption → kustomize build with the overlay fields →
 * postBuild substitution (substituteFrom in order, then substitute) → owner labels. The agent's build phase
 * and `flotilla build kustomization` both render through here, so the CLI prints what the agent applies.
 */
export async function renderManifests(builder: ManifestBuilder, files: FileTree, spec: KustomizationSpec, owner: KustomizationRef, inputs: RenderInputs): Promise<Rendered> {
  const decrypt = inputs.identities !== 'keep-encrypted';
  const identities = inputs.identities === 'keep-encrypted' ? undefined : inputs.identities;
  let tree = files;
  if (decrypt) {
    const plain = await decryptTree(files, identities);
    if (!plain.ok) return { ok: false, message: plain.message };
    tree = plain.files;
  }
  const built = await builder.build(tree, spec);
  if (!built.ok) return { ok: false, message: built.errors.map((e) => e.message).join('\n') };

  let objects = built.objects;
  if (decrypt) {
    const decrypted = await decryptObjects(objects, identities);
    if (!decrypted.ok) return { ok: false, message: decrypted.errors.map(formatCoreError).join('\n') };
    objects = decrypted.value;
  }
  const post = spec.postBuild;
  if (post) {
    const sources = await inputs.substituteFrom();
    if (!sources.ok) return { ok: false, message: sources.message };
    const vars = resolveSubstituteVars({ substitute: post.substitute, substituteFrom: sources.value });
    if (!vars.ok) return { ok: false, message: vars.errors.map(formatCoreError).join('\n') };
    const substituted = substituteObjects(objects, vars.value, { always: post.substituteStrategy === 'Always' });
    if (!substituted.ok) return { ok: false, message: substituted.errors.map(formatCoreError).join('\n') };
    objects = substituted.value;
  }
  return { ok: true, objects: objects.map((o) => withOwnerLabels(o, owner)) };
}
