import { parseAllDocuments } from 'yaml';
import { emptyTarget, ignoreRuleProblems, targetOf, targetRowOf, type TargetRow } from '../../../lib/flux/kustomize-target';
import { recordOf, stringOf } from '../../../lib/flux/spec-reading';

// `spec.postRenderers` as form state: each post-renderer's kustomize patches and images, in Flux's order (each
// one runs over the output of the one before). Fields of a stored post-renderer the form does not show are
// kept with it.

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

export interface PostRendererRow {
  patches: PatchRow[];
  images: ImageRow[];
  /** The stored post-renderer, for the fields the form does not edit. */
  stored: Record<string, unknown>;
}

export const emptyPatch = (): PatchRow => ({ patch: '', target: emptyTarget() });
export const emptyImage = (): ImageRow => ({ name: '', newName: '', newTag: '', digest: '' });
export const emptyPostRenderer = (): PostRendererRow => ({ patches: [], images: [], stored: {} });

export function postRenderersOf(spec: Record<string, unknown>): PostRendererRow[] {
  const stored = Array.isArray(spec.postRenderers) ? spec.postRenderers.map(recordOf) : [];
  return stored.map((r) => {
    const k = recordOf(r.kustomize);
    return {
      patches: (Array.isArray(k.patches) ? k.patches.map(recordOf) : []).map((p) => ({ patch: stringOf(p.patch), target: targetRowOf(p.target) })),
      images: (Array.isArray(k.images) ? k.images.map(recordOf) : []).map((i) => ({ name: stringOf(i.name), newName: stringOf(i.newName), newTag: stringOf(i.newTag), digest: stringOf(i.digest) })),
      stored: r,
    };
  });
}

function rendererSpec(r: PostRendererRow): Record<string, unknown> | undefined {
  const kustomize: Record<string, unknown> = { ...recordOf(r.stored.kustomize) };
  if (r.patches.length) kustomize.patches = r.patches.map((p) => ({ patch: p.patch, ...(targetOf(p.target) ? { target: targetOf(p.target) } : {}) }));
  else delete kustomize.patches;
  if (r.images.length)
    kustomize.images = r.images.map((i) => Object.fromEntries(Object.entries({ name: i.name.trim(), newName: i.newName.trim(), newTag: i.newTag.trim(), digest: i.digest.trim() }).filter(([k, v]) => k === 'name' || v !== '')));
  else delete kustomize.images;
  const out: Record<string, unknown> = { ...r.stored };
  if (Object.keys(kustomize).length) out.kustomize = kustomize;
  else delete out.kustomize;
  return Object.keys(out).length ? out : undefined;
}

/** `spec.postRenderers` of the rows in order; a post-renderer left with nothing in it is dropped. */
export function postRenderersSpec(rows: readonly PostRendererRow[]): unknown[] | undefined {
  const all = rows.map(rendererSpec).filter((r) => r !== undefined);
  return all.length ? all : undefined;
}

/** Problems keyed `postRenderers.<r>.patches.<i>.patch`, `….patches.<i>.target.<key>` or `….images.<i>.<field>`. */
export function postRenderProblems(rows: readonly PostRendererRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  rows.forEach(({ patches, images }, r) => {
    const at = `postRenderers.${r}`;
    patches.forEach((p, i) => {
      if (p.patch.trim() === '') out[`${at}.patches.${i}.patch`] = 'The patch is required.';
      else {
        const broken = parseAllDocuments(p.patch).flatMap((d) => ('errors' in d ? d.errors : []))[0];
        if (broken) out[`${at}.patches.${i}.patch`] = `Not YAML: ${broken.message.split('\n')[0] ?? ''}`;
      }
      // Kustomize reads a patch target as Flux reads an ignore rule's target: the same compiler checks it.
      for (const [key, message] of Object.entries(ignoreRuleProblems([], p.target))) out[`${at}.patches.${i}.${key}`] ??= message;
    });
    images.forEach((img, i) => {
      if (img.name.trim() === '') out[`${at}.images.${i}.name`] = 'The image name to replace is required, e.g. ghcr.io/org/app.';
    });
  });
  return out;
}

/** Where a problem at `postRenderers.<r>.kustomize.…` of the spec is shown in the form. */
export function postRendererFieldOf(p: readonly string[]): string {
  const [, r, , list, i, field, key] = p;
  if (r === undefined) return 'postRenderers';
  if (i === undefined || (list !== 'patches' && list !== 'images')) return `postRenderers.${r}`;
  if (list === 'patches') return field === 'target' && key ? `postRenderers.${r}.patches.${i}.target.${key}` : `postRenderers.${r}.patches.${i}.patch`;
  return `postRenderers.${r}.images.${i}.${['newName', 'newTag', 'digest'].includes(field ?? '') ? field : 'name'}`;
}
