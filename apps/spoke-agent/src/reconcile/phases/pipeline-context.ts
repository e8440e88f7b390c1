import type { ChangeSetEntry, KubeObject, ResourceManager, Validation, WaitResult } from '../../k8s/index.js';
import type { Artifact } from '@flotilla/git-source';
import type { FileTree } from '@flotilla/git-source';
import type { ManifestBuilder } from '../build/manifest-builder.js';
import type { KustomizationRef, KustomizationSpec } from '../kustomization-spec.js';
import type { InventoryEntry } from '../status/conditions.js';

/** What the phases share: inputs up front, results filled in as each phase succeeds. */
export interface PipelineContext {
  ref: KustomizationRef;
  spec: KustomizationSpec;
  artifact: Artifact;
  /** The agent's own identity: reads substituteFrom and decryption Secrets, as Flux's controller does. */
  agent: ResourceManager;
  /** Applies, prunes and health-checks: impersonating spec.serviceAccountName when set. */
  resources: ResourceManager;
  builder: ManifestBuilder;
  previousInventory: InventoryEntry[];
  deadline: number;
  concurrency: number;

  /** The artifact's files, from fetch until the build has read them (then dropped, see build). */
  files?: FileTree;
  /** The artifact was fetched and spec.path found in it. */
  fetched?: boolean;
  objects?: KubeObject[];
  validation?: Validation;
  applied: ChangeSetEntry[];
  inventory?: InventoryEntry[];
  pruned: ChangeSetEntry[];
  /** Failed deletes: kept in the inventory so the next run retries them. */
  pruneFailures: InventoryEntry[];
  health?: WaitResult;
  healthChecked: boolean;
}

export const remainingMs = (ctx: PipelineContext): number => Math.max(0, ctx.deadline - Date.now());
