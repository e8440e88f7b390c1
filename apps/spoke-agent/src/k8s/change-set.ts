import { formatChangeSet as formatCoreChangeSet, type ChangeAction as CoreChangeAction } from '@flotilla/reconcile-core';
import { subjectOf, type ObjectRef } from './object-ref.js';

/** Flux's change-set vocabulary (reconcile-core's), less `unknown`, which the engine never reports. */
export type ChangeAction = Exclude<CoreChangeAction, 'unknown'>;

export interface ChangeSetEntry {
  ref: ObjectRef;
  subject: string;
  action: ChangeAction;
}

export function changeEntry(ref: ObjectRef, action: ChangeAction): ChangeSetEntry {
  return { ref, subject: subjectOf(ref), action };
}

/** The event body Flux sends (reconcile-core's format), leaving out unchanged objects unless asked. */
export function formatChangeSet(entries: readonly ChangeSetEntry[], opts: { includeUnchanged?: boolean } = {}): string {
  return formatCoreChangeSet(entries.filter((e) => opts.includeUnchanged || e.action !== 'unchanged'));
}
