import { formatErrors } from '../../k8s/index.js';
import type { Phase } from '../run-phases.js';
import type { PipelineContext } from './pipeline-context.js';

/** Staged server-side apply with field manager `flotilla` and forced conflicts. */
export const applyPhase: Phase<PipelineContext> = {
  name: 'apply',
  reason: 'ReconciliationFailed',
  progress: (ctx) => `Applying revision ${ctx.artifact.revision}`,
  async run(ctx) {
    if (!ctx.validation) return { ok: false, message: 'nothing validated' };
    const result = await ctx.resources.applyValidated(ctx.validation, {
      force: ctx.spec.force ?? false,
      concurrency: ctx.concurrency,
      stageWaitTimeoutMs: Math.max(1_000, Math.min(60_000, ctx.deadline - Date.now())),
    });
    ctx.applied = result.changeSet;
    if (result.errors.length > 0) return { ok: false, message: formatErrors(result.errors) };
    return { ok: true };
  },
};
