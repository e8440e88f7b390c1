import { describe, expect, it } from 'vitest';
import { FLUX_FINALIZER, needsReconcile, RECONCILE_REQUEST_ANNOTATION } from './flux-object.js';
import type { FluxObject } from './kind-reconciler.js';
import { statusFromObject } from './kustomization-status.js';

const base: FluxObject = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'app', namespace: 'ns', generation: 3, resourceVersion: '10', finalizers: [FLUX_FINALIZER], annotations: { [RECONCILE_REQUEST_ANNOTATION]: 'a' } },
  spec: { interval: '5m' },
  status: { observedGeneration: 3 },
};
const changed = (meta: Partial<NonNullable<FluxObject['metadata']>>, status?: Record<string, unknown>): FluxObject => ({
  ...base,
  metadata: { ...base.metadata, resourceVersion: '11', ...meta },
  ...(status ? { status } : {}),
});

describe('needsReconcile (GenerationChangedPredicate or ReconcileRequestedPredicate, as Flux watches its kinds)', () => {
  it('a new object is reconciled', () => expect(needsReconcile(base, undefined)).toBe(true));
  it('a status write, ours included, is not', () => expect(needsReconcile(changed({}, { observedGeneration: 3, conditions: [] }), base)).toBe(false));
  it('a label or other annotation change is not', () => expect(needsReconcile(changed({ labels: { a: 'b' }, annotations: { [RECONCILE_REQUEST_ANNOTATION]: 'a', other: 'x' } }), base)).toBe(false));
  it('a spec change (new generation) is', () => expect(needsReconcile(changed({ generation: 4 }), base)).toBe(true));
  it('a new reconcile.fluxcd.io/requestedAt is', () => expect(needsReconcile(changed({ annotations: { [RECONCILE_REQUEST_ANNOTATION]: 'b' } }), base)).toBe(true));
  it('the start of a deletion is, and so is a finalizer someone removed', () => {
    expect(needsReconcile(changed({ deletionTimestamp: new Date() }), base)).toBe(true);
    expect(needsReconcile(changed({ finalizers: [] }), base)).toBe(true);
  });
});

describe('statusFromObject', () => {
  it("reads Flux's status fields and drops what is malformed", () => {
    const s = statusFromObject({
      conditions: [
        { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:abc', lastTransitionTime: '2026-01-01T00:00:00Z' },
        { type: 'Ready', status: 'True' },
        'junk',
      ],
      inventory: { entries: [{ id: 'ns_cm__ConfigMap', v: 'v1' }, { id: 7 }] },
      lastAppliedRevision: 'main@sha1:abc',
      lastAttemptedRevision: 42,
    });
    expect(s).toEqual({
      conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:abc', lastTransitionTime: '2026-01-01T00:00:00Z' }],
      inventory: { entries: [{ id: 'ns_cm__ConfigMap', v: 'v1' }] },
      lastAppliedRevision: 'main@sha1:abc',
    });
    expect(statusFromObject(undefined)).toEqual({ conditions: [], inventory: { entries: [] } });
  });
});
