import { isRecord, type KubeObject } from '../object/kube-object.js';

/** kstatus statuses. `Unknown` is what kstatus reports when it cannot read the object (e.g. a Pod phase it does not know). */
export type HealthStatus = 'Current' | 'InProgress' | 'Failed' | 'Terminating' | 'NotFound' | 'Unknown';

export interface HealthResult {
  status: HealthStatus;
  /** CamelCase reason as kstatus sets it on its Reconciling/Stalled condition, when there is one. */
  reason?: string;
  message: string;
}

export const current = (message: string): HealthResult => ({ status: 'Current', message });
export const inProgress = (reason: string, message: string): HealthResult => ({
  status: 'InProgress',
  reason,
  message,
});
export const failed = (reason: string, message: string): HealthResult => ({
  status: 'Failed',
  reason,
  message,
});

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** `status.conditions`, skipping entries that are not condition-shaped. */
export function conditionsOf(obj: KubeObject): Condition[] {
  const status = isRecord(obj.status) ? obj.status : {};
  if (!Array.isArray(status.conditions)) return [];
  return status.conditions.filter(isRecord).map((c) => ({
    type: typeof c.type === 'string' ? c.type : '',
    status: typeof c.status === 'string' ? c.status : '',
    reason: typeof c.reason === 'string' ? c.reason : '',
    message: typeof c.message === 'string' ? c.message : '',
  }));
}

function field(obj: KubeObject, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** kstatus GetIntField: only integer values count; anything else reads as the default. */
export function intField(obj: KubeObject, path: string, fallback: number): number {
  const v = field(obj, path);
  return typeof v === 'number' && Number.isInteger(v) ? v : fallback;
}

export function stringField(obj: KubeObject, path: string, fallback: string): string {
  const v = field(obj, path);
  return typeof v === 'string' ? v : fallback;
}

export function boolField(obj: KubeObject, path: string): boolean | undefined {
  const v = field(obj, path);
  return typeof v === 'boolean' ? v : undefined;
}

export function hasField(obj: KubeObject, path: string): boolean {
  return field(obj, path) !== undefined;
}
