import { selectHealthChecks, loadedCel } from '@flotilla/reconcile-core';
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

/**
 * wait / healthChecks: polling until Current or the Kustomization's timeout, by kstatus, or by the
 * healthCheckExprs CEL for the groups and kinds they cover (Flux's custom status reader).
 */
export const assessPhase: Phase<PipelineContext> = {
  name: 'assess',
  reason: 'HealthCheckFailed',
  progress: () => 'Running health checks',
  async run(ctx) {
    const refs = targets(ctx);
    if (refs.length === 0) return { ok: true };
    ctx.healthChecked = true;
    // The spec conversion refused expressions that do not compile, so this only fails if that check was skipped.
    const custom = ctx.spec.healthCheckExprs?.length ? loadedCel().compileHealthCheckExprs(ctx.spec.healthCheckExprs) : undefined;
    if (custom && !custom.ok) return { ok: false, message: custom.errors.map((e) => e.message).join('; ') };
    ctx.health = await ctx.resources.wait(refs, { timeoutMs: remainingMs(ctx), pollIntervalMs: 1_000, ...(custom ? { customHealth: custom.value } : {}) });
    return ctx.health.ok ? { ok: true } : { ok: false, message: ctx.health.message };
  },
};

