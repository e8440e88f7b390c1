import { describe, expect, it } from 'vitest';
import { fileTreeFromStrings } from '../artifact/file-tree.js';
import { kustomizeBuilder } from './kustomize-builder.js';

const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.25\n';
const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n';
const summary = (objs: Record<string, unknown>[]) => objs.map((o) => { const m = o.metadata as { name: string; namespace?: string }; return `${String(o.kind)}/${m.namespace ?? ''}/${m.name}`; });

describe('kustomizeBuilder (Flux overlay fields over the kustomize build, flux.md §1.6)', () => {
  it('generates a kustomization for a plain directory and applies targetNamespace, prefix, images, patches', async () => {
    const files = fileTreeFromStrings({ 'app/web.yaml': deploy, 'app/cfg.yaml': cm, 'other/x.yaml': cm });
    const out = await kustomizeBuilder.build(files, {
      intervalMs: 1, prune: true, path: './app', targetNamespace: 'team', namePrefix: 'p-',
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

  it('edits an existing kustomization in place, keeping its own fields', async () => {
    const files = fileTreeFromStrings({
      'app/kustomization.yaml': 'resources: [web.yaml]\ncommonLabels:\n  tier: web\n',
      'app/web.yaml': deploy,
      'app/unlisted.yaml': cm,
    });
    const out = await kustomizeBuilder.build(files, { intervalMs: 1, prune: true, path: 'app', targetNamespace: 'team' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(summary(out.objects)).toEqual(['Deployment/team/web']);
    expect((out.objects[0]?.metadata as { labels: Record<string, string> }).labels).toEqual({ tier: 'web' });
  });

  it('reports build errors with the file they concern', async () => {
    const files = fileTreeFromStrings({ 'app/kustomization.yaml': 'resources: [missing.yaml]\n' });
    const out = await kustomizeBuilder.build(files, { intervalMs: 1, prune: true, path: 'app' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors[0]?.message).toMatch(/missing\.yaml/);
  });
});
