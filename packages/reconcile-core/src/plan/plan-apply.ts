import { coreError, fail, ok, type CoreError, type Result } from '../errors.js';
import { inventoryId, objectRef, refSubject, type ObjectRef } from '../inventory/object-ref.js';
import { apiVersionOf, isRecord, kindOf, type KubeObject } from '../object/kube-object.js';
import { changeSetEntry, type ChangeSetEntry } from './change-set.js';
import { anyInMetadata, FORCE_KEY, ownerLabels, RECONCILE_KEY, SSA_KEY } from './flux-metadata.js';
import {
  applyStage,
  compareRefs,
  STAGE_ORDER,
  WAIT_AFTER_STAGE,
  type ApplyStage,
} from './reconcile-order.js';

export interface PlanApplyInput {
  desired: readonly KubeObject[];
  /** In-cluster objects by inventory id (`inventoryId`); absent means it does not exist yet. */
  existing: ReadonlyMap<string, KubeObject>;
  owner: { name: string; namespace: string };
  /** `spec.force`: recreate objects whose immutable fields changed. */
  force?: boolean;
  /** `--custom-apply-stage-kinds`, as `group/Kind` (or `Kind` for the core group). */
  customStageKinds?: ReadonlySet<string>;
}

export interface PlannedApply {
  ref: ObjectRef;
  /** The object to server-side apply, with the owner labels set. */
  object: KubeObject;
  /** `create` when nothing exists yet; `apply` otherwise (dry-run decides configured or unchanged). */
  action: 'create' | 'apply';
  /** Recreate on an immutable-field error: `spec.force` or `kustomize.toolkit.fluxcd.io/force: Enabled`. */
  forceRecreate: boolean;
}

export interface ApplyStagePlan {
  stage: ApplyStage;
  objects: PlannedApply[];
  /** Wait for these objects to be ready before the next stage (CRDs, Namespaces, ClusterRoles; classes). */
  waitForReady: boolean;
}

export interface ApplyPlan {
  stages: ApplyStagePlan[];
  /** Objects left alone (`reconcile: disabled`, `ssa: Ignore`, or `ssa: IfNotPresent` and already present). */
  skipped: ChangeSetEntry[];
  /**
   * Every desired object, skipped ones included, in the order Flux's change set lists them (stage by stage,
   * each stage in reconcile order) — the new inventory once the apply succeeds. These refs come from the built
   * objects; for a cluster-scoped object carrying a stray namespace the API server drops it, so the agent should
   * prefer refs of the objects the server returned.
   */
  inventoryRefs: ObjectRef[];
}

/**
 * The pure part of kustomize-controller's staged server-side apply: validates the objects, sets the owner
 * labels, decides which objects are skipped by their annotations/labels, and groups the rest into Flux's
 * stages. The agent runs each stage (dry-run, apply, wait) and reports `created`/`configured`/`unchanged`.
 */
export function planApply(input: PlanApplyInput): Result<ApplyPlan> {
  const errors: CoreError[] = [];
  const seen = new Set<string>();
  // Per stage, every object in Flux's order (ApplyAll sorts each stage); skipped ones keep their place so the
  // change set, and so the new inventory, lists them where Flux does.
  const byStage = new Map<ApplyStage, { ref: ObjectRef; planned?: PlannedApply }[]>();
  for (const obj of input.desired) {
    const r = objectRef(obj);
    if (!r.ok) {
      errors.push(...r.errors);
      continue;
    }
    const ref = r.value;
    const id = inventoryId(ref);
    if (seen.has(id)) {
      errors.push(
        coreError(
          'DUPLICATE_OBJECT',
          `${refSubject(ref)} appears more than once in the build`,
          refSubject(ref),
        ),
      );
      continue;
    }
    seen.add(id);
    const existing = input.existing.get(id);
    const stage = applyStage(
      { apiVersion: apiVersionOf(obj) ?? '', kind: kindOf(obj) ?? '' },
      input.customStageKinds,
    );
    const entries = byStage.get(stage) ?? [];
    byStage.set(stage, entries);
    const excluded = { [RECONCILE_KEY]: 'disabled', [SSA_KEY]: 'Ignore' };
    if (
      anyInMetadata(obj, excluded) ||
      anyInMetadata(existing, excluded) ||
      (existing && anyInMetadata(obj, { [SSA_KEY]: 'IfNotPresent' }))
    ) {
      entries.push({ ref });
      continue;
    }
    entries.push({
      ref,
      planned: {
        ref,
        object: withOwnerLabels(obj, input.owner),
        action: existing ? 'apply' : 'create',
        forceRecreate:
          input.force === true ||
          anyInMetadata(obj, { [FORCE_KEY]: 'Enabled' }) ||
          anyInMetadata(existing, { [FORCE_KEY]: 'Enabled' }),
      },
    });
  }
  if (errors.length > 0) return fail(errors);
  const ordered = STAGE_ORDER.filter((s) => byStage.has(s)).map((stage) => ({
    stage,
    entries: [...(byStage.get(stage) ?? [])].sort((a, b) => compareRefs(a.ref, b.ref)),
  }));
  const stages = ordered
    .map(({ stage, entries }) => ({
      stage,
      objects: entries.flatMap((e) => (e.planned ? [e.planned] : [])),
      waitForReady: WAIT_AFTER_STAGE[stage],
    }))
    .filter((s) => s.objects.length > 0);
  const all = ordered.flatMap((s) => s.entries);
  const skipped = all.filter((e) => !e.planned).map((e) => changeSetEntry(e.ref, 'skipped'));
  return ok({ stages, skipped, inventoryRefs: all.map((e) => e.ref) });
}

/** A copy of the object carrying kustomize-controller's owner labels. */
export function withOwnerLabels(obj: KubeObject, owner: { name: string; namespace: string }): KubeObject {
  const metadata = isRecord(obj.metadata) ? obj.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  return { ...obj, metadata: { ...metadata, labels: { ...labels, ...ownerLabels(owner) } } };
}
