import { mapLimit } from './concurrency.js';
import { computeHealth, computeMissingHealth, type HealthResult, type HealthStatus } from '@flotilla/reconcile-core';
import type { CustomHealth } from '@flotilla/reconcile-core/cel';
import { isRecord, subjectOf, type ObjectRef } from './object-ref.js';
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

// kstatus comes from reconcile-core (flux.md §2 health); this file only reads the objects.
async function readHealth(ctx: EngineContext, ref: ObjectRef, custom: CustomHealth | undefined): Promise<HealthResult> {
  const paths = await pathsFor(ctx, ref);
  if (!paths.ok) return { status: 'NotFound', message: paths.reason === 'kind' ? `kind ${ref.kind} is not served` : 'no namespace' };
  const r = await getObject(ctx, paths.object);
  if (!r.ok) return { status: 'Unknown', message: r.failure.message };
  if (r.value === undefined) return computeMissingHealth({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } });
  // A terminating object is Terminating whatever its expressions say; otherwise healthCheckExprs win where they apply.
  const terminating = isRecord(r.value.metadata) && r.value.metadata.deletionTimestamp !== undefined;
  return (!terminating && custom?.evaluate(r.value)) || computeHealth(r.value, { now: new Date() });
}

/**
 * Polls the objects' kstatus until all are Current or the timeout passes. With fail-fast (Flux's default)
 * an object that reaches Failed ends the wait at once.
 */
export async function waitForCurrent(ctx: EngineContext, refs: readonly ObjectRef[], opts: WaitOptions, concurrency = 4): Promise<WaitResult> {
  const deadline = Date.now() + opts.timeoutMs;
  let objects: ObjectHealth[] = [];
  for (;;) {
    objects = await mapLimit(refs, concurrency, async (ref) => {
      const h = await readHealth(ctx, ref, opts.customHealth);
      return { ref, subject: subjectOf(ref), status: h.status, message: h.message };
    });
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

export interface TerminationResult {
  ok: boolean;
  /** Objects still present when the wait ended. */
  remaining: ObjectRef[];
  message: string;
}

/**
 * Polls until every object is gone (deleted objects can linger behind finalizers and foreground deletion),
 * or the timeout passes: Flux's WaitForSetTermination for deletionPolicy WaitForTermination.
 */
export async function waitForTermination(ctx: EngineContext, refs: readonly ObjectRef[], opts: Pick<WaitOptions, 'timeoutMs' | 'pollIntervalMs'>, concurrency = 4): Promise<TerminationResult> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const present = await mapLimit(refs, concurrency, async (ref) => {
      const paths = await pathsFor(ctx, ref);
      if (!paths.ok) return paths.reason === 'kind' ? undefined : ref;
      const r = await getObject(ctx, paths.object);
      return r.ok && r.value === undefined ? undefined : ref;
    });
    const remaining = present.filter((r): r is ObjectRef => r !== undefined);
    if (remaining.length === 0) return { ok: true, remaining, message: '' };
    if (Date.now() >= deadline) {
      return { ok: false, remaining, message: `timed out after ${formatMs(opts.timeoutMs)} waiting for termination of ${remaining.map(subjectOf).join(', ')}` };
    }
    await sleep(Math.min(opts.pollIntervalMs, Math.max(0, deadline - Date.now())));
  }
}
