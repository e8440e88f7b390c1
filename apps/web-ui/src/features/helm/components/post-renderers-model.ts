import { parseAllDocuments } from 'yaml';
import { emptyTarget, ignoreRuleProblems, targetOf, targetRowOf, type TargetRow } from '../../../lib/flux/kustomize-target';
import { recordOf, stringOf } from '../../../lib/flux/spec-reading';

// `spec.postRenderers` as form state. The form edits the first post-renderer's kustomize patches and images;
// any further post-renderers (Flux runs them in order after the first) are kept as stored and said so, since
// most releases have one.

export interface PatchRow {
  /** A strategic merge or JSON 6902 patch, as YAML. */
  patch: string;
  target: TargetRow;
}

export interface ImageRow {
  name: string;
  newName: string;
  newTag: string;
  digest: string;
}


export const emptyPatch = (): PatchRow => ({ patch: '', target: emptyTarget() });
export const emptyImage = (): ImageRow => ({ name: '', newName: '', newTag: '', digest: '' });

const renderersOf = (spec: Record<string, unknown>): unknown[] => (Array.isArray(spec.postRenderers) ? spec.postRenderers : []);

/** How many stored post-renderers the form does not show (those after the first). */
export const otherPostRenderers = (spec: Record<string, unknown>): number => Math.max(0, renderersOf(spec).length - 1);

export function postRenderFormOf(spec: Record<string, unknown>): { patches: PatchRow[]; images: ImageRow[] } {
  const k = recordOf(recordOf(renderersOf(spec)[0]).kustomize);
  return {
    patches: (Array.isArray(k.patches) ? k.patches.map(recordOf) : []).map((p) => ({ patch: stringOf(p.patch), target: targetRowOf(p.target) })),
    images: (Array.isArray(k.images) ? k.images.map(recordOf) : []).map((i) => ({ name: stringOf(i.name), newName: stringOf(i.newName), newTag: stringOf(i.newTag), digest: stringOf(i.digest) })),
  };
}

/** The post-renderers over the stored ones: the first one's kustomize patches and images replaced, the rest kept. */
export function postRenderersSpec(patches: readonly PatchRow[], images: readonly ImageRow[], spec: Record<string, unknown>): unknown[] | undefined {
  const [first, ...rest] = renderersOf(spec);
  const kustomize: Record<string, unknown> = { ...recordOf(recordOf(first).kustomize) };
  if (patches.length) kustomize.patches = patches.map((p) => ({ patch: p.patch, ...(targetOf(p.target) ? { target: targetOf(p.target) } : {}) }));
  else delete kustomize.patches;
  if (images.length)
    kustomize.images = images.map((i) => Object.fromEntries(Object.entries({ name: i.name.trim(), newName: i.newName.trim(), newTag: i.newTag.trim(), digest: i.digest.trim() }).filter(([k, v]) => k === 'name' || v !== '')));
  else delete kustomize.images;
  const head: Record<string, unknown> = { ...recordOf(first) };
  if (Object.keys(kustomize).length) head.kustomize = kustomize;
  else delete head.kustomize;
  const all = Object.keys(head).length ? [head, ...rest] : rest;
  return all.length ? all : undefined;
}

/** Problems keyed `patches.<i>.patch`, `patches.<i>.target.<key>` or `images.<i>.<field>`. */
export function postRenderProblems(patches: readonly PatchRow[], images: readonly ImageRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  patches.forEach((p, i) => {
    if (p.patch.trim() === '') out[`patches.${i}.patch`] = 'The patch is required.';
    else {
      const broken = parseAllDocuments(p.patch).flatMap((d) => ('errors' in d ? d.errors : []))[0];
      if (broken) out[`patches.${i}.patch`] = `Not YAML: ${broken.message.split('\n')[0] ?? ''}`;
    }
    // Kustomize reads a patch target as Flux reads an ignore rule's target: the same compiler checks it.
    for (const [key, message] of Object.entries(ignoreRuleProblems([], p.target))) out[`patches.${i}.${key}`] ??= message;
  });
  images.forEach((img, i) => {
    if (img.name.trim() === '') out[`images.${i}.name`] = 'The image name to replace is required, e.g. ghcr.io/org/app.';
  });
  return out;
}
