import { selectHealthChecks } from '@flotilla/reconcile-core';
import type { ObjectRef } from '../../k8s/index.js';
import { fromCoreRef, toCoreRef } from '../../k8s/object-ref.js';
import type { Phase } from '../run-phases.js';
import { remainingMs, type PipelineContext } from './pipeline-context.js';

// Which objects to wait for is reconcile-core's rule (wait → the change set minus skipped objects, else
// healthChecks; never the Kustomization itself).
function targets(ctx: PipelineContext): ObjectRef[] {
  const picked = selectHealthChecks({
    wait: ctx.spec.wait ?? false,
    healthChecks: ctx.spec.healthChecks,
    changeSet: ctx.applied.map((c) => ({ ref: toCoreRef(c.ref), action: c.action, subject: c.subject })),
    self: ctx.ref,
  });
  return picked.map(fromCoreRef);
}

/** wait / healthChecks: kstatus polling until Current or the Kustomization's timeout. */
export const assessPhase: Phase<PipelineContext> = {
  name: 'assess',
  reason: 'HealthCheckFailed',
  progress: () => 'Running health checks',
  async run(ctx) {
    const refs = targets(ctx);
    if (refs.length === 0) return { ok: true };
    ctx.healthChecked = true;
    ctx.health = await ctx.resources.wait(refs, { timeoutMs: remainingMs(ctx), pollIntervalMs: 1_000 });
    return ctx.health.ok ? { ok: true } : { ok: false, message: ctx.health.message };
  },
};

