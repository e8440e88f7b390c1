import { describe, expect, it } from 'vitest';
import { fileTreeFromRecord } from './file-tree.js';
import { buildFluxKustomization, hasBuildPath, type FluxBuildSpec } from './flux-overlay.js';

const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.25\n';
const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n';
const build = (files: Parameters<typeof buildFluxKustomization>[0], spec: FluxBuildSpec) => {
  const r = buildFluxKustomization(files, spec);
  return r.ok ? { ok: true as const, objects: r.value } : { ok: false as const, errors: r.errors };
};
const summary = (objs: Record<string, unknown>[]) => objs.map((o) => { const m = o.metadata as { name: string; namespace?: string }; return `${String(o.kind)}/${m.namespace ?? ''}/${m.name}`; });

describe('buildFluxKustomization (Flux overlay fields over the kustomize build, flux.md §1.6)', () => {
  it('generates a kustomization for a plain directory and applies targetNamespace, prefix, images, patches', () => {
    const files = fileTreeFromRecord({ 'app/web.yaml': deploy, 'app/cfg.yaml': cm, 'other/x.yaml': cm });
    const out = build(files, {
      path: './app', targetNamespace: 'team', namePrefix: 'p-',
      images: [{ name: 'nginx', newTag: '1.27' }],
      patches: [{ patch: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n', target: { kind: 'Deployment' } }],
      commonMetadata: { labels: { team: 'a' } },
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(summary(out.objects).sort()).toEqual(['ConfigMap/team/p-cfg', 'Deployment/team/p-web']);
    const d = out.objects.find((o) => o.kind === 'Deployment');
    expect(JSON.stringify(d)).toContain('"image":"nginx:1.27"');
    expect((d?.spec as { replicas: number }).replicas).toBe(3);
    expect((d?.metadata as { labels: Record<string, string> }).labels).toEqual({ team: 'a' });
  });

  it('edits an existing kustomization in place, keeping its own fields', () => {
    const files = fileTreeFromRecord({
      'app/kustomization.yaml': 'resources: [web.yaml]\ncommonLabels:\n  tier: web\n',
      'app/web.yaml': deploy,
      'app/unlisted.yaml': cm,
    });
    const out = build(files, { path: 'app', targetNamespace: 'team' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(summary(out.objects)).toEqual(['Deployment/team/web']);
    expect((out.objects[0]?.metadata as { labels: Record<string, string> }).labels).toEqual({ tier: 'web' });
  });

  it('components: added after the file’s own; a missing one fails the build unless ignoreMissingComponents (Flux)', () => {
    const component = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - patch: |\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: web\n      spec:\n        replicas: 5\n';
    const files = fileTreeFromRecord({ 'app/web.yaml': deploy, 'components/scale/kustomization.yaml': component });
    const spec = { path: './app', components: ['../components/scale', '../components/missing'] };
    const strict = build(files, spec);
    expect(strict.ok).toBe(false);
    const lenient = build(files, { ...spec, ignoreMissingComponents: true });
    expect(lenient.ok).toBe(true);
    if (!lenient.ok) return;
    expect((lenient.objects[0]?.spec as { replicas: number }).replicas).toBe(5);
  });

  it('buildMetadata originAnnotations records where each object came from (Flux spec.buildMetadata)', () => {
    const out = build(fileTreeFromRecord({ 'app/web.yaml': deploy }), { path: './app', buildMetadata: ['originAnnotations'] });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect((out.objects[0]?.metadata as { annotations?: Record<string, string> }).annotations?.['config.kubernetes.io/origin']).toContain('path: web.yaml');
  });

  it('reports build errors with the file they concern', () => {
    const files = fileTreeFromRecord({ 'app/kustomization.yaml': 'resources: [missing.yaml]\n' });
    const out = build(files, { path: 'app' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors[0]?.message).toMatch(/missing\.yaml/);
  });

  it('spec.path must name a directory of the artifact, which kustomize-controller checks before building (ArtifactFailed "kustomization path not found")', () => {
    const files = fileTreeFromRecord({ 'app/cm.yaml': cm });
    expect(hasBuildPath(files, './app')).toBe(true);
    expect(hasBuildPath(files, 'app/')).toBe(true);
    expect(hasBuildPath(files, './')).toBe(true);
    expect(hasBuildPath(files, undefined)).toBe(true);
    expect(hasBuildPath(files, './nowhere')).toBe(false);
    expect(hasBuildPath(files, './ap')).toBe(false);
  });
});
