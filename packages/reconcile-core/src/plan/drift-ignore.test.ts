import { describe, expect, it } from 'vitest';
import { applyDriftIgnoreEdits, compileDriftIgnore, driftIgnoreEdits, ignoredPaths, withoutPaths } from './drift-ignore.js';

const deployment = (replicas: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps', labels: { tier: 'front' }, ...extra },
  spec: { replicas, template: { spec: { containers: [{ name: 'app', image: 'nginx', resources: { limits: { cpu: '1' } } }] } } },
});

// managedFields as the API server writes them: `f:` into maps, `k:{…}` into keyed lists.
const managed = (manager: string, operation: 'Apply' | 'Update', fieldsV1: Record<string, unknown>) => ({ manager, operation, apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1 });
const replicasOwner = (manager: string, operation: 'Apply' | 'Update' = 'Apply') => managed(manager, operation, { 'f:spec': { 'f:replicas': {} } });

describe('drift ignore rules (Flux Kustomization spec.ignore, fluxcd/pkg ssa jsondiff)', () => {
  it('targets are anchored regular expressions and selectors; a rule without target covers every object', () => {
    const c = compileDriftIgnore([
      { paths: ['/spec/replicas'], target: { kind: 'Deploy.*', namespace: 'apps', labelSelector: 'tier=front' } },
      { paths: ['/metadata/annotations/a~1b'] },
      { paths: ['/data'], target: { kind: 'ConfigMap' } },
    ]);
    if (!c.ok) throw new Error('did not compile');
    expect(ignoredPaths(c.value, deployment(1))).toEqual([['spec', 'replicas'], ['metadata', 'annotations', 'a/b']]);
    expect(ignoredPaths(c.value, deployment(1, { namespace: 'other' }))).toEqual([['metadata', 'annotations', 'a/b']]);
    expect(ignoredPaths(c.value, { ...deployment(1), kind: 'Deploy' })).toHaveLength(2);
    expect(ignoredPaths(c.value, { ...deployment(1), kind: 'XDeployment' })).toHaveLength(1); // anchored
  });

  it.each([
    [[{ paths: ['spec/replicas'] }], /ignore\[0\]\.paths\[0\]: "spec\/replicas" is not a JSON pointer/],
    [[{ paths: ['/x'], target: { kind: '(' } }], /ignore\[0\]\.target\.kind: invalid regular expression/],
    [[{ paths: ['/x'], target: { labelSelector: 'a in (' } }], /ignore\[0\]\.target\.labelSelector/],
  ])('refuses %j', (rules, message) => {
    const c = compileDriftIgnore(rules);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.errors[0]!.code).toBe('IGNORE_RULE_INVALID');
      expect(c.errors[0]!.message).toMatch(message);
    }
  });

  it('withoutPaths removes map keys and list items, leaving the input alone', () => {
    const d = deployment(3);
    const out = withoutPaths(d, [['spec', 'replicas'], ['spec', 'template', 'spec', 'containers', '0', 'resources'], ['spec', 'missing', 'x']]);
    expect(out.spec).toEqual({ template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } });
    expect(d.spec.replicas).toBe(3);
  });

  it('nothing to edit where live and dry-run agree on the ignored path', () => {
    expect(driftIgnoreEdits(deployment(3), deployment(3), [['spec', 'replicas']], 'flotilla')).toEqual([]);
  });

  it('another Apply manager owns the field (an autoscaler): strip it from what is applied', () => {
    const live = deployment(5, { managedFields: [replicasOwner('hpa-controller'), replicasOwner('flotilla')] });
    const edits = driftIgnoreEdits(live, deployment(2), [['spec', 'replicas']], 'flotilla');
    expect(edits).toEqual([{ pointer: '/spec/replicas', action: 'strip' }]);
    expect((applyDriftIgnoreEdits(deployment(2), edits).spec as Record<string, unknown>).replicas).toBeUndefined();
  });

  it('only we apply the field (another writer used Update, e.g. kubectl scale): adopt the live value', () => {
    const live = deployment(5, { managedFields: [replicasOwner('flotilla'), replicasOwner('kubectl', 'Update')] });
    const edits = driftIgnoreEdits(live, deployment(2), [['spec', 'replicas']], 'flotilla');
    expect(edits).toEqual([{ pointer: '/spec/replicas', action: 'adopt', value: 5, present: true }]);
    expect((applyDriftIgnoreEdits(deployment(2), edits).spec as Record<string, unknown>).replicas).toBe(5);
  });

  it('ownership inside keyed lists follows the item’s merge key', () => {
    const path = ['spec', 'template', 'spec', 'containers', '0', 'resources'];
    const byKey = managed('vpa', 'Apply', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:resources': {} } } } } } });
    const live = deployment(1, { managedFields: [byKey] });
    (live.spec.template.spec.containers[0]!.resources.limits as Record<string, string>).cpu = '2';
    expect(driftIgnoreEdits(live, deployment(1), [path], 'flotilla')).toEqual([{ pointer: '/spec/template/spec/containers/0/resources', action: 'strip' }]);
    const otherItem = managed('vpa', 'Apply', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"sidecar"}': { 'f:resources': {} } } } } } });
    expect(driftIgnoreEdits({ ...live, metadata: { ...live.metadata, managedFields: [otherItem] } }, deployment(1), [path], 'flotilla')[0]).toMatchObject({ action: 'adopt' });
  });

  it('a field the live object no longer has is adopted as absent: left out of the apply', () => {
    const live = deployment(1);
    delete (live.metadata as Record<string, unknown>).labels;
    const edits = driftIgnoreEdits(live, deployment(1), [['metadata', 'labels']], 'flotilla');
    expect(edits).toEqual([{ pointer: '/metadata/labels', action: 'adopt', value: undefined, present: false }]);
    expect((applyDriftIgnoreEdits(deployment(1), edits).metadata as Record<string, unknown>).labels).toBeUndefined();
  });
});
