import { describe, expect, it } from 'vitest';
import { computeHealth, computeMissingHealth } from './compute-health.js';
import type { HealthStatus } from './health-result.js';
import { cond, deploy, healthCases as table, job, pod } from '../../test/health-cases.js';
import { summarizeHealth } from './summarize-health.js';

describe('computeHealth (flux.md §2 kstatus rules)', () => {
  it.each(table)('%s', (_rule, object, status, reason) => {
    const res = computeHealth(object);
    expect(res.status).toBe(status);
    if (reason !== undefined) expect(res.reason).toBe(reason);
  });

  it('Pod: unschedulable for more than 15s is Failed; within 15s, or without a clock, InProgress', () => {
    const p = pod(
      { phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'Unschedulable')] },
      { creationTimestamp: '2026-01-01T00:00:00Z' },
    );
    expect(computeHealth(p, { now: new Date('2026-01-01T00:00:16Z') })).toMatchObject({
      status: 'Failed',
      reason: 'PodUnschedulable',
    });
    expect(computeHealth(p, { now: new Date('2026-01-01T00:00:10Z') })).toMatchObject({
      status: 'InProgress',
      reason: 'PodNotScheduled',
    });
    expect(computeHealth(p)).toMatchObject({ status: 'InProgress', reason: 'PodNotScheduled' });
  });

  it('Job TTL: a Job with ttlSecondsAfterFinished that vanished counts as succeeded; other missing objects are NotFound', () => {
    expect(computeMissingHealth(job({ ttlSecondsAfterFinished: 60 }, {})).status).toBe('Current');
    expect(computeMissingHealth(job({}, {})).status).toBe('NotFound');
    expect(computeMissingHealth(deploy({})).status).toBe('NotFound');
  });
});

describe('summarizeHealth', () => {
  const h = (status: HealthStatus) => ({ status, message: status });
  it('fails fast when any object Failed (flux.md §2 fail fast)', () => {
    const s = summarizeHealth([
      { subject: 'Deployment/a/b', health: h('InProgress') },
      { subject: 'Job/a/c', health: h('Failed') },
    ]);
    expect(s.status).toBe('Failed');
    expect(s.message).toContain('Job/a/c');
  });
  it('keeps waiting while anything is not Current, and is Current when all are', () => {
    expect(
      summarizeHealth([
        { subject: 'A', health: h('Current') },
        { subject: 'B', health: h('NotFound') },
      ]).status,
    ).toBe('InProgress');
    expect(summarizeHealth([{ subject: 'A', health: h('Current') }]).status).toBe('Current');
  });
});
