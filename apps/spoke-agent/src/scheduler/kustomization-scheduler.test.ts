import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResourceManager } from '../k8s/index.js';
import { Outbox } from '../outbox/outbox.js';
import type { ReconcileInput, ReconcileOutput } from '../reconcile/index.js';
import { kustomizeBuilder, reconcileKustomization } from '../reconcile/index.js';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { KustomizationScheduler } from './kustomization-scheduler.js';

// Scheduling rules only: the pipeline is replaced by a recorder (the real pipeline against a real API server is
// in gitops-agent.int.test.ts). It records when each Kustomization ran and how many ran at once.
let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scheduler-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const digest = `sha256:${'a'.repeat(64)}`;
const source = { kind: 'GitRepository' as const, namespace: 'ns', name: 'repo', revision: 'main@sha1:1', digest, size: 1, url: `/artifacts/${digest}` };
const ks = (name: string, spec: Record<string, unknown> = {}, generation = 1) => ({
  namespace: 'ns', name, generation, variables: {},
  spec: { sourceRef: { kind: 'GitRepository' as const, name: 'repo' }, interval: '1h', prune: true, force: false, ...spec },
});

async function scheduler(opts: { concurrency?: number; delayMs?: number; outcome?: (i: ReconcileInput) => ReconcileOutput['outcome'] } = {}) {
  const runs: string[] = [];
  let active = 0;
  let maxActive = 0;
  const outbox = await Outbox.open(path.join(dir, 'outbox.jsonl'));
  const s = new KustomizationScheduler({
    resources: {} as ResourceManager,
    builder: kustomizeBuilder,
    artifacts: { get: async () => ({ ok: true, downloaded: false, artifact: { kind: 'tarball', revision: source.revision, digest, bytes: new Uint8Array() } }), retain: async () => undefined },
    outbox,
    persist: async () => undefined,
    logger: captureLogger().logger,
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    reconcile: async (input) => {
      runs.push(input.ref.name);
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, opts.delayMs ?? 20));
      active -= 1;
      return { status: { conditions: [], inventory: { entries: [] } }, events: [], outcome: opts.outcome?.(input) ?? { kind: 'requeue', afterMs: 3_600_000 } };
    },
  });
  return { s, runs, maxActive: () => maxActive, outbox };
}

describe('KustomizationScheduler (flux.md §2 triggers)', () => {
  it('runs at most `concurrency` Kustomizations at once (DESIGN.md §5: bounded, default 4)', async () => {
    const { s, runs, maxActive } = await scheduler({ concurrency: 2 });
    await s.setAssignment({ generation: 1, sources: [source], kustomizations: ['a', 'b', 'c', 'd', 'e'].map((n) => ks(n)) });
    await eventually(() => expect(runs).toHaveLength(5));
    await s.whenIdle();
    expect(maxActive()).toBe(2);
    await s.stop();
  });

  it('an unchanged assignment does not re-run anything; a new generation or revision re-runs only what changed', async () => {
    const { s, runs } = await scheduler();
    await s.setAssignment({ generation: 1, sources: [source], kustomizations: [ks('a'), ks('b')] });
    await eventually(() => expect(runs.sort()).toEqual(['a', 'b']));
    await s.whenIdle();
    await s.setAssignment({ generation: 2, sources: [source], kustomizations: [ks('a'), ks('b')] });
    await s.setAssignment({ generation: 3, sources: [source], kustomizations: [ks('a'), ks('b', { path: './x' }, 2)] });
    await eventually(() => expect(runs).toHaveLength(3));
    expect(runs[2]).toBe('b');
    await s.setAssignment({ generation: 4, sources: [{ ...source, revision: 'main@sha1:2', digest: `sha256:${'b'.repeat(64)}` }], kustomizations: [ks('a'), ks('b', { path: './x' }, 2)] });
    await eventually(() => expect(runs).toHaveLength(5));
    await s.stop();
  });

  it('requeues after the outcome’s delay (interval with jitter, retryInterval after failure) and records requestedAt once handled', async () => {
    const { s, runs } = await scheduler({ outcome: () => ({ kind: 'backoff', afterMs: 50, error: 'boom' }) });
    await s.setAssignment({ generation: 1, sources: [source], kustomizations: [ks('a')] });
    await eventually(() => expect(runs.length).toBeGreaterThanOrEqual(3), { timeoutMs: 3000 });
    expect(s.requestReconcile('ns', 'a', '2026-11-21T01:00:00Z')).toBe(true);
    expect(s.requestReconcile('ns', 'nope', '2026-11-21T01:00:00Z')).toBe(false);
    await eventually(() => expect(s.statusOf('ns', 'a')?.lastHandledReconcileAt).toBe('2026-11-21T01:00:00Z'));
    await s.stop();
  });

  it('a request during a run is not lost: the Kustomization runs once more right after', async () => {
    const { s, runs } = await scheduler({ delayMs: 200 });
    await s.setAssignment({ generation: 1, sources: [source], kustomizations: [ks('a')] });
    await eventually(() => expect(runs).toHaveLength(1));
    s.requestReconcile('ns', 'a', '2026-11-21T01:00:00Z');
    s.requestReconcile('ns', 'a', '2026-11-21T01:00:01Z');
    await eventually(() => expect(runs).toHaveLength(2));
    await s.whenIdle();
    expect(runs).toHaveLength(2);
    expect(s.statusOf('ns', 'a')?.lastHandledReconcileAt).toBe('2026-11-21T01:00:01Z');
    await s.stop();
  });

  it.each([
    ['kubeConfig (remote clusters)', { kubeConfig: { secretRef: { name: 'remote' } } }, 'UnsupportedField', /spec\.kubeConfig is not supported/],
    ['decryption.serviceAccountName (cloud KMS)', { decryption: { provider: 'sops', serviceAccountName: 'kms' } }, 'FeatureGateDisabled', /ObjectLevelWorkloadIdentity/],
    ['a healthCheckExprs that does not parse', { healthCheckExprs: [{ apiVersion: 'a.io/v1', kind: 'X', current: '1 +' }] }, 'InvalidCELExpression', /^Reconciliation failed terminally due to configuration error/],
  ])('%s → Ready=False and Stalled=True with the reason, never reconciled nor retried', async (_name, spec, reason, message) => {
    const { s, runs } = await scheduler();
    await s.setAssignment({ generation: 1, sources: [source], kustomizations: [ks('remote', spec)] });
    await eventually(() => expect(s.statusOf('ns', 'remote')?.conditions.find((c) => c.type === 'Stalled')).toMatchObject({ status: 'True', reason }));
    const status = s.statusOf('ns', 'remote')!;
    expect(status.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason, message: expect.stringMatching(message) as unknown });
    expect(status.conditions.find((c) => c.type === 'Reconciling')).toBeUndefined();
    expect(status.observedGeneration).toBe(1);
    expect(runs).toEqual([]);
    await s.stop();
  });

  it('dependsOn readyExpr sees both Kustomizations as Flux objects (self, dep: metadata, spec, status)', async () => {
    // The real pipeline: its gate judges the dependency; past the gate, the empty artifact fails to open.
    const real = new KustomizationScheduler({
      resources: {} as ResourceManager,
      builder: kustomizeBuilder,
      artifacts: { get: async () => ({ ok: true, downloaded: false, artifact: { kind: 'tarball', revision: source.revision, digest, bytes: new Uint8Array() } }), retain: async () => undefined },
      outbox: await Outbox.open(path.join(dir, 'real.jsonl')),
      persist: async () => undefined,
      logger: captureLogger().logger,
      reconcile: reconcileKustomization,
    });
    const ready = (name: string) => real.statusOf('ns', name)?.conditions.find((c) => c.type === 'Ready');
    const expr = (path: string) => `self.metadata.name == 'apps' && dep.spec.path == '${path}' && dep.metadata.generation == 1 && size(dep.status.conditions) > 0`;
    // The dependency is stalled (refused kubeConfig), so the built-in check would hold; readyExpr decides instead.
    const infra = ks('infra', { path: './infra', kubeConfig: { secretRef: { name: 'remote' } } });
    await real.setAssignment({ generation: 1, sources: [source], kustomizations: [infra, ks('apps', { dependsOn: [{ name: 'infra', readyExpr: expr('./other') }] })] });
    await eventually(() => expect(ready('apps')).toMatchObject({ status: 'False', reason: 'DependencyNotReady', message: "dependency 'ns/infra' is not ready according to readyExpr eval" }));
    await real.setAssignment({ generation: 2, sources: [source], kustomizations: [infra, ks('apps', { dependsOn: [{ name: 'infra', readyExpr: expr('./infra') }] }, 2)] });
    await eventually(() => expect(ready('apps')?.reason).toBe('ArtifactFailed'));
    await real.stop();
  });
});
