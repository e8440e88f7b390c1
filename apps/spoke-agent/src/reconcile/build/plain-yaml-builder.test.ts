import { describe, expect, it } from 'vitest';
import { fileTreeFromStrings } from '../artifact/file-tree.js';
import { plainYamlBuilder } from './plain-yaml-builder.js';

const files = fileTreeFromStrings({
  'apps/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n',
  'apps/web.yaml': [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: old\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.25\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n',
  ].join('---\n'),
  'apps/kustomization.yaml': 'resources: [web.yaml]\n',
  'other/skip.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n',
});

describe('plainYamlBuilder (stand-in for the kustomize build)', () => {
  it('reads the YAML under spec.path and applies targetNamespace, prefix/suffix, commonMetadata and images (flux.md §1.6)', async () => {
    const out = await plainYamlBuilder.build(files, {
      intervalMs: 1, prune: true, path: './apps', targetNamespace: 'team', namePrefix: 'p-', nameSuffix: '-s',
      commonMetadata: { labels: { team: 'a' } }, images: [{ name: 'nginx', newTag: '1.27' }],
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.objects.map((o) => `${String(o.kind)} ${JSON.stringify(o.metadata)}`)).toEqual([
      'Namespace {"name":"team","labels":{"team":"a"}}',
      'Deployment {"name":"p-web-s","namespace":"team","labels":{"team":"a"}}',
      'ConfigMap {"name":"p-cfg-s","namespace":"team","labels":{"team":"a"}}',
    ]);
    expect(JSON.stringify(out.objects[1])).toContain('"image":"nginx:1.27"');
  });

  it('fails naming the file for invalid YAML and for documents that are not objects', async () => {
    const bad = fileTreeFromStrings({ 'a/x.yaml': 'kind: [oops', 'a/y.yaml': 'just: data\n' });
    const out = await plainYamlBuilder.build(bad, { intervalMs: 1, prune: true, path: 'a' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors.map((e) => e.path)).toEqual(['a/x.yaml', 'a/y.yaml']);
    expect(out.errors[1]?.message).toBe('a/y.yaml: a document is not a Kubernetes object (apiVersion, kind and metadata are required)');
  });

  it('a missing path is an error, and patches need the real kustomize build', async () => {
    const out = await plainYamlBuilder.build(files, { intervalMs: 1, prune: true, path: './nope', patches: [{ patch: 'x' }] });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors.map((e) => e.message)).toEqual([
      'spec.patches needs the kustomize build, which this agent build does not include yet',
      'kustomization path not found: nope',
    ]);
  });
});
