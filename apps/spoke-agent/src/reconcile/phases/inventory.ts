import { inventoryFromChangeSet } from '../inventory.js';
import type { Phase } from '../run-phases.js';
import type { PipelineContext } from './pipeline-context.js';

/** After a full apply, the new inventory is the change set (flux.md §2 inventory). */
export const inventoryPhase: Phase<PipelineContext> = {
  name: 'inventory',
  reason: 'ReconciliationFailed',
  progress: () => 'Computing the new inventory',
  async run(ctx) {
    ctx.inventory = inventoryFromChangeSet(ctx.applied);
    return { ok: true };
  },
};
