import { compileDriftIgnore } from '@flotilla/reconcile-core';
import { formatErrors } from '../../k8s/index.js';
import type { Phase } from '../run-phases.js';
import type { PipelineContext } from './pipeline-context.js';

/** Server-side dry-run of every object before anything is written. */
export const validatePhase: Phase<PipelineContext> = {
  name: 'validate',
  reason: 'ReconciliationFailed',
  progress: (ctx) => `Validating ${ctx.objects?.length ?? 0} objects with a server-side dry-run`,
  async run(ctx) {
    const ignore = ctx.spec.ignore?.length ? compileDriftIgnore(ctx.spec.ignore) : undefined;
    if (ignore && !ignore.ok) return { ok: false, message: ignore.errors.map((e) => e.message).join('; ') };
    const validation = await ctx.resources.validate(ctx.objects ?? [], { force: ctx.spec.force ?? false, concurrency: ctx.concurrency, ...(ignore ? { driftIgnore: ignore.value } : {}) });
    if (validation.errors.length > 0) return { ok: false, message: formatErrors(validation.errors) };
    ctx.validation = validation;
    return { ok: true };
  },
};
