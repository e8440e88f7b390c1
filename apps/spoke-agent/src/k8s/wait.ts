import { mapLimit } from './concurrency.js';
import { healthOf, type Health, type HealthStatus } from './health.js';
import { subjectOf, type ObjectRef } from './object-ref.js';
import type { WaitOptions } from './options.js';
import { getObject, pathsFor, sleep, type EngineContext } from './requests.js';

export interface ObjectHealth {
  ref: ObjectRef;
  subject: string;
  status: HealthStatus;
  message: string;
}

export interface WaitResult {
  ok: boolean;
  /** The last status seen per object. */
  objects: ObjectHealth[];
  /** Why the wait failed, listing the unhealthy objects; empty when ok. */
  message: string;
  timedOut: boolean;
}

async function readHealth(ctx: EngineContext, ref: ObjectRef): Promise<Health> {
  const paths = await pathsFor(ctx, ref);
  if (!paths.ok) return { status: 'NotFound', message: paths.reason === 'kind' ? `kind ${ref.kind} is not served` : 'no namespace' };
  const r = await getObject(ctx, paths.object);
  if (!r.ok) return { status: 'InProgress', message: r.failure.message };
  return healthOf(r.value);
}

/**
 * Polls the objects' kstatus until all are Current or the timeout passes. With fail-fast (Flux's default)
 * an object that reaches Failed ends the wait at once.
 */
export async function waitForCurrent(ctx: EngineContext, refs: readonly ObjectRef[], opts: WaitOptions, concurrency = 4): Promise<WaitResult> {
  const deadline = Date.now() + opts.timeoutMs;
  let objects: ObjectHealth[] = [];
  for (;;) {
    objects = await mapLimit(refs, concurrency, async (ref) => ({ ref, subject: subjectOf(ref), ...(await readHealth(ctx, ref)) }));
    const unhealthy = objects.filter((o) => o.status !== 'Current');
    if (unhealthy.length === 0) return { ok: true, objects, message: '', timedOut: false };
    const failed = unhealthy.filter((o) => o.status === 'Failed');
    if (opts.failFast && failed.length > 0) {
      return { ok: false, objects, timedOut: false, message: `health check failed: ${describe(failed)}` };
    }
    if (Date.now() >= deadline) {
      return { ok: false, objects, timedOut: true, message: `health check timed out after ${formatMs(opts.timeoutMs)}: ${describe(unhealthy)}` };
    }
    await sleep(Math.min(opts.pollIntervalMs, Math.max(0, deadline - Date.now())));
  }
}

function describe(list: readonly ObjectHealth[]): string {
  return list.map((o) => `${o.subject} status: '${o.status}'${o.message ? ` (${o.message})` : ''}`).join(', ');
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
