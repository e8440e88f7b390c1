import type { HealthResult, HealthStatus } from './health-result.js';

export interface HealthSummary {
  /** Current when every object is; Failed as soon as one is (Flux's fail-fast); otherwise InProgress. */
  status: 'Current' | 'InProgress' | 'Failed';
  /** Subjects (`Kind/ns/name`) per status, for the Healthy condition's message. */
  byStatus: Partial<Record<HealthStatus, string[]>>;
  message: string;
}

/**
 * Rolls object health up the way a Kustomization's wait/healthChecks read it: any Failed ends the wait (fail
 * fast, flux.md §2), anything else not Current keeps it waiting.
 */
export function summarizeHealth(
  results: readonly { subject: string; health: HealthResult }[],
): HealthSummary {
  const byStatus: Partial<Record<HealthStatus, string[]>> = {};
  for (const { subject, health } of results) (byStatus[health.status] ??= []).push(subject);
  const failedSubjects = byStatus.Failed ?? [];
  if (failedSubjects.length > 0) {
    const details = results
      .filter((r) => r.health.status === 'Failed')
      .map((r) => `${r.subject} status: 'Failed': ${r.health.message}`);
    return { status: 'Failed', byStatus, message: `health check failed: ${details.join('; ')}` };
  }
  const waiting = results.filter((r) => r.health.status !== 'Current');
  if (waiting.length > 0) {
    return {
      status: 'InProgress',
      byStatus,
      message: `waiting for ${waiting.map((r) => `${r.subject} status: '${r.health.status}'`).join(', ')}`,
    };
  }
  return {
    status: 'Current',
    byStatus,
    message: results.length === 0 ? 'no objects to check' : 'all objects are healthy',
  };
}
