import { subjectOf, type ObjectRef } from './object-ref.js';

/** Flux's change-set vocabulary (fluxcd/pkg/ssa). */
export type ChangeAction = 'created' | 'configured' | 'unchanged' | 'deleted' | 'skipped';

export interface ChangeSetEntry {
  ref: ObjectRef;
  subject: string;
  action: ChangeAction;
}

export function changeEntry(ref: ObjectRef, action: ChangeAction): ChangeSetEntry {
  return { ref, subject: subjectOf(ref), action };
}

/** The event body Flux sends: one `Deployment/default/nginx configured` line per changed object. */
export function formatChangeSet(entries: readonly ChangeSetEntry[], opts: { includeUnchanged?: boolean } = {}): string {
  return entries
    .filter((e) => opts.includeUnchanged || e.action !== 'unchanged')
    .map((e) => `${e.subject} ${e.action}`)
    .join('\n');
}
