import type { HelmReleaseSpec } from '@flotilla/protocol/flux';
import { stringify } from 'yaml';
import { kustomizeBuilder } from '../reconcile/build/kustomize-builder.js';

// helm-controller's post-rendering of a release's manifests, done with the Kustomization's build (reconcile-core,
// one implementation): each `postRenderers[].kustomize` in order — its strategic merge and JSON6902 patches and
// its images over the rendered objects — then `commonMetadata`'s labels and annotations on every object.

export type PostRenderSpec = Pick<HelmReleaseSpec, 'postRenderers' | 'commonMetadata'>;

export const hasPostRender = (spec: PostRenderSpec): boolean => Boolean(spec.postRenderers?.some((p) => p.kustomize?.patches?.length || p.kustomize?.images?.length) || spec.commonMetadata?.labels || spec.commonMetadata?.annotations);

const FILE = 'helm-rendered.yaml';

export async function postRender(manifests: string, spec: PostRenderSpec): Promise<{ ok: true; manifests: string } | { ok: false; message: string }> {
  let current = manifests;
  const steps = [...(spec.postRenderers ?? []).flatMap((p) => (p.kustomize ? [{ patches: p.kustomize.patches, images: p.kustomize.images }] : [])), ...(spec.commonMetadata ? [{ commonMetadata: spec.commonMetadata }] : [])];
  for (const step of steps) {
    const built = await kustomizeBuilder.build(new Map([[FILE, new TextEncoder().encode(current)]]), { intervalMs: 0, prune: false, ...step });
    if (!built.ok) return { ok: false, message: `post-render: ${built.errors.map((e) => e.message).join('; ')}` };
    current = built.objects.map((o) => stringify(o)).join('---\n');
  }
  return { ok: true, manifests: current };
}
