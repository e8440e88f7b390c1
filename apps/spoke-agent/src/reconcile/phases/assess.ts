import type { ObjectRef } from '../../k8s/index.js';
import type { Phase } from '../run-phases.js';
import { remainingMs, type PipelineContext } from './pipeline-context.js';

function targets(ctx: PipelineContext): ObjectRef[] {
  // `wait` checks everything applied and makes healthChecks redundant (flux.md §1.6).
  if (ctx.spec.wait) {
    const skipped = new Set(ctx.applied.filter((c) => c.action === 'skipped').map((c) => c.subject));
    return ctx.applied.filter((c) => !skipped.has(c.subject)).map((c) => c.ref);
  }
  return (ctx.spec.healthChecks ?? []).map((h) => ({ apiVersion: h.apiVersion, kind: h.kind, name: h.name, ...(h.namespace ? { namespace: h.namespace } : {}) }));
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

