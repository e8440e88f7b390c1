import { describe, expect, it } from 'vitest';
import { fileTreeFromStrings } from '@flotilla/git-source';
import { kustomizeBuilder } from './kustomize-builder.js';

// The overlay fields themselves are reconcile-core's (buildFluxKustomization, tested there); this is the
// agent's view of the build.
describe('kustomizeBuilder', () => {
  it('builds with the Kustomization’s overlay fields (targetNamespace)', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n';
    const out = await kustomizeBuilder.build(fileTreeFromStrings({ 'app/cfg.yaml': cm }), { intervalMs: 1, prune: true, path: './app', targetNamespace: 'team' });
    expect(out.ok && out.objects.map((o) => (o.metadata as { namespace?: string }).namespace)).toEqual(['team']);
  });

  it('reports build errors with the file they concern', async () => {
    const files = fileTreeFromStrings({ 'app/kustomization.yaml': 'resources: [missing.yaml]\n' });
    const out = await kustomizeBuilder.build(files, { intervalMs: 1, prune: true, path: 'app' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors[0]?.message).toMatch(/missing\.yaml/);
  });
});
