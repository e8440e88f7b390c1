import { describe, expect, it } from 'vitest';
import { nextStatus, problemsMessage, statusOf, KEPT_EVENTS } from './fleet-sync.status.js';

const t0 = new Date('2026-12-01T00:00:00Z');
const t1 = new Date('2026-12-01T00:10:00Z');
const change = { id: 'k1', kind: 'Kustomization' as const, namespace: 'ns', name: 'web', file: 'a.yaml' };

describe('FleetSync status', () => {
  it('starts Unknown, waiting for the first reconcile', () => {
    expect(statusOf({}).ready).toMatchObject({ status: 'Unknown', message: 'waiting for the first reconcile' });
  });

  it('a success is Ready=True ReconciliationSucceeded "Applied revision: …" with a Normal event listing the change set (flux.md §1.6)', () => {
    const s = nextStatus(statusOf({}), { ok: true, revision: 'main@sha1:abc', changes: [{ ...change, action: 'created' }] }, t0);
    expect(s.ready).toEqual({ status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:abc', lastTransitionTime: t0.toISOString() });
    expect(s).toMatchObject({ lastAppliedRevision: 'main@sha1:abc', lastAttemptedRevision: 'main@sha1:abc', problems: [] });
    expect(s.events).toEqual([{ type: 'Normal', reason: 'ReconciliationSucceeded', message: 'Kustomization/ns/web created', revision: 'main@sha1:abc', at: t0.toISOString() }]);
    // The same outcome again (nothing changed): no new event, the transition time kept.
    const again = nextStatus(s, { ok: true, revision: 'main@sha1:abc', changes: [{ ...change, action: 'unchanged' }] }, t1);
    expect(again.events).toHaveLength(1);
    expect(again.ready.lastTransitionTime).toBe(t0.toISOString());
  });

  it('a failure keeps lastAppliedRevision, records the attempt and the problems, and warns once per message', () => {
    const ok = nextStatus(statusOf({}), { ok: true, revision: 'main@sha1:abc', changes: [] }, t0);
    const problems = [{ file: 'a.yaml', line: 3, kind: 'Kustomization', name: 'web', field: 'spec.x', message: 'spec.x: unknown field "x"' }];
    const failed = nextStatus(ok, { ok: false, reason: 'BuildFailed', message: problemsMessage(problems), revision: 'main@sha1:def', problems }, t1);
    expect(failed.ready).toMatchObject({ status: 'False', reason: 'BuildFailed', message: 'a.yaml:3: spec.x: unknown field "x"', lastTransitionTime: t1.toISOString() });
    expect(failed).toMatchObject({ lastAppliedRevision: 'main@sha1:abc', lastAttemptedRevision: 'main@sha1:def', problems });
    expect(failed.events[0]).toMatchObject({ type: 'Warning', reason: 'BuildFailed' });
    const same = nextStatus(failed, { ok: false, reason: 'BuildFailed', message: problemsMessage(problems), revision: 'main@sha1:def', problems }, t1);
    expect(same.events).toHaveLength(failed.events.length);
  });

  it('keeps the newest events only', () => {
    let s = statusOf({});
    for (let i = 0; i < KEPT_EVENTS + 5; i++) s = nextStatus(s, { ok: true, revision: `main@sha1:${i}`, changes: [{ ...change, action: 'configured' }] }, t0);
    expect(s.events).toHaveLength(KEPT_EVENTS);
    expect(s.events[0]!.revision).toBe(`main@sha1:${KEPT_EVENTS + 4}`);
  });

  it('names at most three problems in the Ready message', () => {
    const p = (line: number) => ({ file: 'f.yaml', line, kind: null, name: null, field: null, message: 'bad' });
    expect(problemsMessage([p(1), p(2), p(3), p(4), p(5)])).toBe('f.yaml:1: bad; f.yaml:2: bad; f.yaml:3: bad (and 2 more)');
  });
});
