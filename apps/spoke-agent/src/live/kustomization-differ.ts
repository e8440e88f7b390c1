import { MAX_DIFF_CHARS, type DiffEntry, type KustomizationDiff, type KustomizationDiffResult } from '@flotilla/protocol';
import { compileDriftIgnore, inventoryId, ownerLabels, parseInventoryId, refSubject, type DriftIgnoreRule } from '@flotilla/reconcile-core';
import type { FluxObject } from '../controller/kind-reconciler.js';
import { statusFromObject } from '../controller/kustomization-status.js';
import type { DriftEntry } from '../k8s/diff.js';
import type { ResourceManager } from '../k8s/index.js';
import { groupOf, isRecord, metadataOf, refOf, subjectOf, type KubeObject } from '../k8s/object-ref.js';
import { redacted } from './redact.js';
import { holdsSopsMask, maskSecretPair, sameKeys } from './secret-diff-mask.js';

export interface KustomizationDifferOptions {
  resources: ResourceManager;
  /** A Kustomization as the controller runtime's cache holds it. */
  kustomization: (namespace: string, name: string) => FluxObject | undefined;
}

type Owner = KustomizationDiff['owner'];

const isSecret = (obj: KubeObject): boolean => obj.kind === 'Secret' && obj.apiVersion === 'v1';

/** What the API server maintains on its own; left out of what is sent, so the field diff shows what an apply changes. */
function withoutServerFields(obj: KubeObject): KubeObject {
  const { status: _status, ...rest } = obj;
  const { managedFields: _m, resourceVersion: _r, generation: _g, uid: _u, creationTimestamp: _c, ...meta } = metadataOf(obj);
  return { ...rest, metadata: meta };
}

function labelsOf(obj: KubeObject | undefined): Record<string, unknown> {
  const labels = obj ? metadataOf(obj).labels : undefined;
  return isRecord(labels) ? labels : {};
}

const carries = (obj: KubeObject | undefined, labels: Record<string, string>): boolean => Object.entries(labels).every(([k, v]) => labelsOf(obj)[k] === v);

function idOf(obj: KubeObject): string {
  const ref = refOf(obj);
  return inventoryId({ group: groupOf(ref.apiVersion), kind: ref.kind, namespace: ref.namespace ?? '', name: ref.name });
}

/**
 * Answers the hub's `kustomization.diff` (`flotilla diff kustomization`): a server-side dry-run apply of the
 * objects the CLI built, as the agent's own field manager and identity (the Kustomization's serviceAccountName
 * when it names one), compared with the live objects by the apply's drift rule and `spec.ignore`, then the
 * inventory's objects no longer built as deleted when `prune` is on — `flux diff kustomization`'s report.
 *
 * Unlike flux, which diffs whatever it is given, the agent answers only for objects its Kustomization manages or
 * would manage: each object must carry this Kustomization's owner labels (the build adds them), and an existing
 * one must be in its inventory or carry them too; any other is skipped with the reason, so a viewer of the
 * Kustomization cannot read other objects of the cluster through it. Secrets leave masked as flux masks them.
 */
export class KustomizationDiffer {
  constructor(private readonly opts: KustomizationDifferOptions) {}

  async diff(req: KustomizationDiff): Promise<KustomizationDiffResult> {
    const { requestId, owner } = req;
    const ks = this.opts.kustomization(owner.namespace, owner.name);
    if (!ks) return { requestId, ok: false, code: 'NOT_FOUND', message: `Kustomization ${owner.namespace}/${owner.name} is not in this cluster` };
    const spec = ks.spec ?? {};
    const inventory = new Set(statusFromObject(ks.status).inventory.entries.map((e) => e.id));
    const labels = ownerLabels(owner);
    const foreign = req.objects.filter((o) => !carries(o, labels));
    const ours = req.objects.filter((o) => carries(o, labels));
    const sa = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : undefined;
    const resources = sa ? this.opts.resources.impersonating(owner.namespace, sa) : this.opts.resources;
    const rules = Array.isArray(spec.ignore) ? (spec.ignore as DriftIgnoreRule[]) : [];
    const ignore = rules.length > 0 ? compileDriftIgnore(rules) : undefined;
    const { entries, errors } = await resources.diff(ours, ignore?.ok ? { driftIgnore: ignore.value } : {});
    const bySubject = new Map(entries.map((e) => [e.subject, e]));
    const out: DiffEntry[] = [];
    for (const obj of req.objects) {
      const subject = subjectOf(refOf(obj));
      if (foreign.includes(obj)) {
        out.push({ subject, action: 'skipped', message: `not built for Kustomization ${owner.namespace}/${owner.name} (no owner labels)` });
        continue;
      }
      const entry = bySubject.get(subject);
      if (entry) out.push(this.answer(entry, obj, inventory.has(idOf(obj)), labels, owner));
    }
    // Flux: with prune, what the inventory holds and the build no longer does is deleted; not when a dry-run failed.
    if (spec.prune === true && errors.length === 0) {
      const built = new Set(req.objects.map(idOf));
      for (const id of inventory) {
        if (built.has(id)) continue;
        const ref = parseInventoryId(id);
        if (ref.ok) out.push({ subject: refSubject(ref.value), action: 'deleted' });
      }
    }
    const result: KustomizationDiffResult = { requestId, ok: true, entries: out, errors: errors.map((e) => ({ subject: e.subject, message: e.message.slice(0, 2048) })) };
    if (JSON.stringify(out).length > MAX_DIFF_CHARS) return { requestId, ok: false, code: 'TOO_LARGE', message: `the diff is larger than ${MAX_DIFF_CHARS} characters as JSON` };
    return result;
  }

  private answer(entry: DriftEntry, built: KubeObject, inInventory: boolean, labels: Record<string, string>, owner: Owner): DiffEntry {
    const { subject } = entry;
    if (entry.live && !inInventory && !carries(entry.live, labels)) {
      return { subject, action: 'skipped', message: `exists and is not managed by Kustomization ${owner.namespace}/${owner.name}` };
    }
    if (entry.action !== 'configured' || !entry.live || !entry.merged) return { subject, action: entry.action };
    if (isSecret(built)) {
      // Values the CLI could not decrypt: only a change of keys is drift, as flux compares a SOPS Secret.
      if (holdsSopsMask(built) && sameKeys(entry.live, entry.merged)) return { subject, action: 'unchanged' };
      const masked = maskSecretPair(withoutServerFields(entry.live), withoutServerFields(entry.merged));
      return { subject, action: 'configured', ...masked };
    }
    return { subject, action: 'configured', live: withoutServerFields(redacted(entry.live)), merged: withoutServerFields(redacted(entry.merged)) };
  }
}

