import { beforeAll, describe, expect, it } from 'vitest';
import { fileTreeFromStrings } from '@flotilla/git-source';
import type { Artifact } from '@flotilla/git-source';
import { loadCel } from '@flotilla/reconcile-core';
import { DEPENDENCY_REQUEUE_MS, gate, type DependencyState } from './gate.js';
import type { KustomizationSpec } from './kustomization-spec.js';

const ref = { name: 'apps', namespace: 'flux-system' };
const artifact: Artifact = { kind: 'files', revision: 'main@sha1:2222222222222222222222222222222222222222', files: fileTreeFromStrings({}) };
const spec = (extra: Partial<KustomizationSpec> = {}): KustomizationSpec => ({ intervalMs: 60_000, prune: true, ...extra });
const readyDep: DependencyState = { generation: 2, observedGeneration: 2, ready: true, lastAppliedRevision: artifact.revision, sourceKey: 'GitRepository/flux-system/app' };
const run = (s: KustomizationSpec, deps: Record<string, DependencyState> = {}, a: Artifact | 'missing' = artifact) =>
  gate({ ref, spec: s, artifact: a === 'missing' ? undefined : a, sourceKey: 'GitRepository/flux-system/app', dependencies: (r) => deps[`${r.namespace}/${r.name}`] });

// reconcileKustomization loads the CEL runtime before the gate when a readyExpr is present; called alone, the gate needs it loaded.
beforeAll(loadCel);

describe('gate (flux.md §2 suspend, dependencies)', () => {
  it('skips a suspended Kustomization without touching its status', () => {
    expect(run(spec({ suspend: true }))).toEqual({ proceed: false, outcome: { kind: 'skip', why: 'suspended' } });
  });

  it('holds on a missing dependency with DependencyNotReady and requeues after 30s', () => {
    expect(run(spec({ dependsOn: [{ name: 'infra' }] }))).toEqual({
      proceed: false,
      outcome: { kind: 'requeue', afterMs: DEPENDENCY_REQUEUE_MS },
      ready: { reason: 'DependencyNotReady', message: "dependency 'flux-system/infra' is not found" },
    });
  });

  it('a dependency is ready only when Ready and at its latest generation', () => {
    const s = spec({ dependsOn: [{ name: 'infra', namespace: 'ops' }] });
    expect(run(s, { 'ops/infra': { ...readyDep, ready: false } })).toMatchObject({ proceed: false, ready: { message: "dependency 'ops/infra' is not ready" } });
    expect(run(s, { 'ops/infra': { ...readyDep, observedGeneration: 1 } })).toMatchObject({ proceed: false, ready: { reason: 'DependencyNotReady' } });
    expect(run(s, { 'ops/infra': readyDep })).toMatchObject({ proceed: true });
  });

  it('same-source lockstep: a dependency on our source must have applied our revision', () => {
    const s = spec({ dependsOn: [{ name: 'infra' }] });
    const behind = { ...readyDep, lastAppliedRevision: 'main@sha1:1111111111111111111111111111111111111111' };
    expect(run(s, { 'flux-system/infra': behind })).toMatchObject({ proceed: false, ready: { reason: 'DependencyNotReady' } });
    expect(run(s, { 'flux-system/infra': { ...behind, sourceKey: 'GitRepository/flux-system/other' } })).toMatchObject({ proceed: true });
  });

  it('holds with ArtifactFailed while the artifact is missing, with no event (kustomize-controller only logs "Source artifact not found")', () => {
    expect(run(spec(), {}, 'missing')).toMatchObject({ proceed: false, ready: { reason: 'ArtifactFailed', quiet: true }, outcome: { kind: 'requeue' } });
  });

  describe('dependsOn readyExpr (Flux: CEL over self and dep replaces the built-in check)', () => {
    const depObject = (ready: string) => ({ metadata: { name: 'infra' }, status: { conditions: [{ type: 'Ready', status: ready }] }, spec: { path: './infra' } });
    const readyExpr = "dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True') && self.metadata.name == 'apps'";
    const runWith = (expr: string, dep: DependencyState | undefined) =>
      gate({ ref, spec: spec({ dependsOn: [{ name: 'infra', readyExpr: expr }] }), artifact, sourceKey: 'x', dependencies: () => dep, self: { metadata: { name: 'apps' } } });

    it('true → proceeds even when the built-in rule would hold (not Ready, generation not observed)', () => {
      expect(runWith(readyExpr, { ...readyDep, ready: false, observedGeneration: 1, object: depObject('True') })).toMatchObject({ proceed: true });
    });

    it('false → DependencyNotReady with Flux’s message, requeued after 30s', () => {
      expect(runWith(readyExpr, { ...readyDep, object: depObject('False') })).toEqual({
        proceed: false,
        outcome: { kind: 'requeue', afterMs: DEPENDENCY_REQUEUE_MS },
        ready: { reason: 'DependencyNotReady', message: "dependency 'flux-system/infra' is not ready according to readyExpr eval" },
      });
    });

    it('a missing dependency is still not found', () => {
      expect(runWith(readyExpr, undefined)).toMatchObject({ proceed: false, ready: { reason: 'DependencyNotReady', message: "dependency 'flux-system/infra' is not found" } });
    });

    it('an expression that cannot be evaluated holds (DependencyNotReady); one that does not parse stalls (InvalidCELExpression)', () => {
      expect(runWith('dep.status.missing == 1', { ...readyDep, object: depObject('True') })).toMatchObject({ proceed: false, ready: { reason: 'DependencyNotReady', message: expect.stringMatching(/failed to evaluate/) as unknown } });
      expect(runWith('dep.(', { ...readyDep, object: depObject('True') })).toMatchObject({ proceed: false, outcome: { kind: 'stalled' }, ready: { reason: 'InvalidCELExpression', stalled: true } });
    });
  });
});
