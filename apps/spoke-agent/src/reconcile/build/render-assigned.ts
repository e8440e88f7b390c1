import type { KubeObject } from '@flotilla/reconcile-core';
import type { FileTree } from '@flotilla/git-source/browser';
import type { KustomizationRef, KustomizationSpec } from '../kustomization-spec.js';
import { maskSopsData } from './flux-build-output.js';
import { kustomizeBuilder } from './kustomize-builder.js';
import { renderManifests } from './render-manifests.js';

export type AssignedRender = { ok: true; objects: KubeObject[]; warnings: string[] } | { ok: false; message: string };

/**
 * A hub Kustomization rendered outside its cluster as `flux build kustomization` renders it, by the agent's own
 * pipeline (kustomize build with the overlay fields, postBuild substitution, owner labels): `variables` are the
 * cluster's, which the agent gives hub Kustomizations as the lowest-precedence substituteFrom. The
 * substituteFrom objects live in the cluster; like `flux build ks --dry-run`, they are not read, and a warning
 * says so. Without `ageIdentities` (or when the spec asks for no SOPS decryption) SOPS content stays encrypted
 * and is masked as flux masks it; with them it is decrypted as the agent decrypts it. The CLI's
 * `flotilla build kustomization` and the web UI's preview both render through here.
 */
export async function renderAssigned(
  files: FileTree,
  spec: KustomizationSpec,
  owner: KustomizationRef,
  variables: Record<string, string>,
  ageIdentities: readonly string[] = [],
): Promise<AssignedRender> {
  const warnings = (spec.postBuild?.substituteFrom ?? []).map(
    (ref) => `postBuild.substituteFrom ${ref.kind}/${ref.name} is read in the cluster; its variables are not substituted here`,
  );
  const decrypt = ageIdentities.length > 0 && spec.decryption?.provider === 'sops';
  const rendered = await renderManifests(kustomizeBuilder, files, spec, owner, {
    identities: decrypt ? ageIdentities : 'keep-encrypted',
    substituteFrom: async () => ({ ok: true, value: Object.keys(variables).length > 0 ? [{ kind: 'ConfigMap', name: 'cluster variables', data: variables }] : [] }),
  });
  if (!rendered.ok) return rendered;
  return { ok: true, objects: rendered.objects.map(maskSopsData), warnings };
}
