import { describe, expect, it } from 'vitest';
import { compileHealthCheckExprs } from './custom-health.js';

const certificate = (status: Record<string, unknown>, generation = 1) => ({
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: 'web', namespace: 'default', generation },
  status,
});

const exprs = [
  {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    inProgress: "status.conditions.exists(c, c.type == 'Issuing' && c.status == 'True')",
    failed: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'False' && c.reason == 'Expired')",
    current: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')",
  },
];

describe('compileHealthCheckExprs (Flux healthCheckExprs: inProgress, then failed, then current)', () => {
  const health = compileHealthCheckExprs(exprs);
  if (!health.ok) throw new Error('did not compile');
  const h = health.value;

  it('covers only the group and kind it names; only the API group of apiVersion is matched', () => {
    const ready = { conditions: [{ type: 'Ready', status: 'True' }] };
    expect(h.evaluate({ ...certificate(ready), apiVersion: 'cert-manager.io/v1alpha2' })?.status).toBe('Current');
    expect(h.evaluate({ ...certificate(ready), kind: 'Issuer' })).toBeUndefined();
    expect(h.evaluate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } })).toBeUndefined();
  });

  it('current when the current expression holds', () => {
    expect(h.evaluate(certificate({ observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] }))?.status).toBe('Current');
  });

  it('inProgress is tried first, before failed and current', () => {
    const both = certificate({ conditions: [{ type: 'Issuing', status: 'True' }, { type: 'Ready', status: 'True' }] });
    expect(h.evaluate(both)?.status).toBe('InProgress');
  });

  it('failed before current', () => {
    expect(h.evaluate(certificate({ conditions: [{ type: 'Ready', status: 'False', reason: 'Expired' }] }))?.status).toBe('Failed');
  });

  it('no expression true → InProgress', () => {
    expect(h.evaluate(certificate({ conditions: [{ type: 'Ready', status: 'False', reason: 'Pending' }] }))?.status).toBe('InProgress');
  });

  it('an observedGeneration behind metadata.generation is InProgress whatever the expressions say', () => {
    expect(h.evaluate(certificate({ observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] }, 2))?.status).toBe('InProgress');
  });

  it('an expression over a missing field is Unknown (the wait keeps polling), not a crash', () => {
    const r = h.evaluate(certificate({}));
    expect(r?.status).toBe('Unknown');
    expect(r?.message).toMatch(/failed to evaluate/);
  });

  it('integers are CEL ints, as in Go', () => {
    const c = compileHealthCheckExprs([{ apiVersion: 'example.com/v1', current: 'status.replicas + 1 == 3 && int(status.replicas) == 2' }]);
    expect(c.ok && c.value.evaluate({ apiVersion: 'example.com/v1', kind: 'Anything', metadata: {}, status: { replicas: 2 } })?.status).toBe('Current');
  });

  it('an entry without kind covers its whole API group; a kind entry wins over it', () => {
    const c = compileHealthCheckExprs([
      { apiVersion: 'example.com/v1', current: 'true' },
      { apiVersion: 'example.com/v1', kind: 'Slow', current: 'false' },
    ]);
    if (!c.ok) throw new Error('did not compile');
    expect(c.value.evaluate({ apiVersion: 'example.com/v1', kind: 'Fast', metadata: {} })?.status).toBe('Current');
    expect(c.value.evaluate({ apiVersion: 'example.com/v1', kind: 'Slow', metadata: {} })?.status).toBe('InProgress');
  });

  it.each([
    [[{ apiVersion: 'a.io/v1', kind: 'X', current: 'status.(' }], /healthCheckExprs\[0\]\.current: failed to parse/],
    [[{ apiVersion: 'a.io/v1', kind: 'X', current: 'true', failed: '1 +' }], /healthCheckExprs\[0\]\.failed/],
    [[{ apiVersion: 'a.io/v1', kind: 'X', current: '' }], /current: expression not specified/],
    [[{ apiVersion: 'a.io/v1', kind: 'X', current: 'true' }, { apiVersion: 'a.io/v2', kind: 'X', current: 'true' }], /healthCheckExprs\[1\]: duplicate custom health check for X.a.io/],
  ])('refuses %j (InvalidCELExpression in Flux)', (entries, message) => {
    const r = compileHealthCheckExprs(entries);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.code).toBe('CEL_EXPRESSION_INVALID');
      expect(r.errors[0]!.message).toMatch(message);
    }
  });
});
