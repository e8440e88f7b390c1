import { refSubject, type ObjectRef } from '../inventory/object-ref.js';

/** Flux's change set actions (fluxcd/pkg/ssa). */
export type ChangeAction = 'created' | 'configured' | 'unchanged' | 'deleted' | 'skipped' | 'unknown';

export interface ChangeSetEntry {
  ref: ObjectRef;
  /** `Deployment/default/nginx`, or `Namespace/apps` for cluster-scoped objects. */
  subject: string;
  action: ChangeAction;
}

export function changeSetEntry(ref: ObjectRef, action: ChangeAction): ChangeSetEntry {
  return { ref, subject: refSubject(ref), action };
}

/** The event body Flux emits: one `Subject action` per line, e.g. `Deployment/default/nginx configured`. */
export function formatChangeSet(entries: readonly Pick<ChangeSetEntry, 'subject' | 'action'>[]): string {
  return entries.map((e) => `${e.subject} ${e.action}`).join('\n');
}

/** Subjects grouped by action, for summaries (`created: [...]`). */
export function groupChangeSet(entries: readonly ChangeSetEntry[]): Partial<Record<ChangeAction, string[]>> {
  const out: Partial<Record<ChangeAction, string[]>> = {};
  for (const e of entries) (out[e.action] ??= []).push(e.subject);
  return out;
}

/** Whether a change set is worth an event: Flux only reports when something was created, configured or deleted. */
export function changeSetHasChanges(entries: readonly ChangeSetEntry[]): boolean {
  return entries.some((e) => e.action === 'created' || e.action === 'configured' || e.action === 'deleted');
}
