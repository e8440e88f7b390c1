import { formatErrors } from '../../k8s/index.js';
import { entryOf, staleObjects } from '../inventory.js';
import type { Phase } from '../run-phases.js';
import type { PipelineContext } from './pipeline-context.js';

/**
 * Deletes what left the build. It runs only after every apply succeeded (the phases stop earlier
 * otherwise), never touches objects outside the old inventory, and with `prune: false` deletes nothing.
 */
export const prunePhase: Phase<PipelineContext> = {
  name: 'prune',
  reason: 'PruneFailed',
  progress: () => 'Pruning objects removed from the source',
  async run(ctx) {
    if (!ctx.spec.prune || !ctx.inventory) return { ok: true };
    const stale = staleObjects(ctx.previousInventory, ctx.inventory);
    if (!stale.ok) return { ok: false, message: stale.message };
    if (stale.refs.length === 0) return { ok: true };
    const result = await ctx.resources.delete(stale.refs, { owner: ctx.ref, concurrency: ctx.concurrency });
    ctx.pruned = result.changeSet;
    ctx.pruneFailures = result.errors.map((e) => entryOf(e.ref));
    if (result.errors.length > 0) return { ok: false, message: formatErrors(result.errors) };
    return { ok: true };
  },
};
