import type { FleetChange } from './fleet-sync.plan.js';
import type { FleetProblem } from './fleet-files.parse.js';

// A FleetSync's status, shaped as a Flux Kustomization's (flux.md §1.6): a Ready condition with Flux's reasons,
// the last applied and attempted revisions, plus what a hub needs to show: the problems by file and line
// and the last events.

export type FleetReason = 'ReconciliationSucceeded' | 'ArtifactFailed' | 'BuildFailed' | 'ReconciliationFailed' | 'PruneFailed' | 'Progressing';

export interface FleetEvent {
  type: 'Normal' | 'Warning';
  reason: FleetReason;
  message: string;
  revision: string | null;
  at: string;
}

export interface FleetSyncStatus {
  ready: { status: 'True' | 'False' | 'Unknown'; reason: FleetReason; message: string; lastTransitionTime: string };
  lastAppliedRevision: string | null;
  lastAttemptedRevision: string | null;
  problems: FleetProblem[];
  events: FleetEvent[];
}

/** Events kept per FleetSync (newest first). */
export const KEPT_EVENTS = 20;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function statusOf(json: unknown): FleetSyncStatus {
  const s = isRecord(json) ? json : {};
  const ready = isRecord(s.ready) ? (s.ready as unknown as FleetSyncStatus['ready']) : { status: 'Unknown' as const, reason: 'Progressing' as const, message: 'waiting for the first reconcile', lastTransitionTime: new Date(0).toISOString() };
  return {
    ready,
    lastAppliedRevision: typeof s.lastAppliedRevision === 'string' ? s.lastAppliedRevision : null,
    lastAttemptedRevision: typeof s.lastAttemptedRevision === 'string' ? s.lastAttemptedRevision : null,
    problems: Array.isArray(s.problems) ? (s.problems as FleetProblem[]) : [],
    events: Array.isArray(s.events) ? (s.events as FleetEvent[]) : [],
  };
}

/**
 * The next status after an attempt. A failure keeps lastAppliedRevision (what the hub's objects still are);
 * an event is recorded when something was applied or the outcome's message changed, not on every interval.
 */
export function nextStatus(
  prev: FleetSyncStatus,
  outcome: { ok: true; revision: string; changes: FleetChange[] } | { ok: false; reason: FleetReason; message: string; revision: string | null; problems: FleetProblem[] },
  now: Date,
): FleetSyncStatus {
  const at = now.toISOString();
  const status = outcome.ok ? ('True' as const) : ('False' as const);
  const reason = outcome.ok ? 'ReconciliationSucceeded' : outcome.reason;
  const message = outcome.ok ? `Applied revision: ${outcome.revision}` : outcome.message;
  const transition = prev.ready.status === status && prev.ready.reason === reason ? prev.ready.lastTransitionTime : at;
  const applied = outcome.ok ? outcome.changes.filter((c) => c.action !== 'unchanged') : [];
  const event: FleetEvent | null = outcome.ok
    ? applied.length > 0 || prev.ready.message !== message
      ? { type: 'Normal', reason, message: applied.length ? applied.map((c) => `${c.kind}/${c.namespace}/${c.name} ${c.action}`).join('\n') : message, revision: outcome.revision, at }
      : null
    : prev.ready.message !== message
      ? { type: 'Warning', reason, message, revision: outcome.revision, at }
      : null;
  return {
    ready: { status, reason, message, lastTransitionTime: transition },
    lastAppliedRevision: outcome.ok ? outcome.revision : prev.lastAppliedRevision,
    lastAttemptedRevision: outcome.revision ?? prev.lastAttemptedRevision,
    problems: outcome.ok ? [] : outcome.problems,
    events: event ? [event, ...prev.events].slice(0, KEPT_EVENTS) : prev.events,
  };
}

/** `file:line: message` of the first problems, for the Ready message. */
export function problemsMessage(problems: readonly FleetProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `${p.file}:${p.line}: ${p.message}`);
  return `${shown.join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`;
}
