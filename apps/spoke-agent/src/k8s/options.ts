import type { CompiledDriftIgnore } from '@flotilla/reconcile-core';
import type { CustomHealth } from '@flotilla/reconcile-core/cel';
/** Labels that mark an object as owned by one Kustomization (Flux's keys, defined in reconcile-core). */
export { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL } from '@flotilla/reconcile-core';

export interface Owner {
  name: string;
  namespace: string;
}

export interface ApplyOptions {
  /** Recreate an object whose apply fails on an immutable field (Kustomization `spec.force`). */
  force: boolean;
  /** Objects applied at once within a stage (Flux `--concurrent-ssa`, default 4). */
  concurrency: number;
  /** How long stage 1 waits for CRDs to be Established and Namespaces Active. */
  stageWaitTimeoutMs: number;
  /** Poll interval of waits. */
  pollIntervalMs: number;
  /** Kustomization `spec.ignore`: paths left out of drift detection and correction on existing objects. */
  driftIgnore?: CompiledDriftIgnore;
}

export function defaultApplyOptions(): ApplyOptions {
  return { force: false, concurrency: 4, stageWaitTimeoutMs: 60_000, pollIntervalMs: 500 };
}

export interface DeleteOptions {
  concurrency: number;
  /** Only objects carrying these owner labels are deleted; others are reported as skipped. */
  owner: Owner;
}

export function defaultDeleteOptions(): Omit<DeleteOptions, 'owner'> {
  return { concurrency: 4 };
}

export interface WaitOptions {
  timeoutMs: number;
  /** Kustomization `healthCheckExprs`: the objects they cover get their health from CEL, not kstatus. */
  customHealth?: CustomHealth;
  pollIntervalMs: number;
  /** Stop at once when an object reaches kstatus Failed (Flux's fail-fast). */
  failFast: boolean;
}

export function defaultWaitOptions(): WaitOptions {
  return { timeoutMs: 5 * 60_000, pollIntervalMs: 1_000, failFast: true };
}
