import { fluxKind, isLabelKey, isLabelValue, type FluxKindName } from '@flotilla/reconcile-core';
import {
  conditionSchema,
  type ConditionWire,
  type FluxObjectDeletedItem,
  type FluxObjectInventoryItem,
  type FluxObjectStatusItem,
  type InventoryEntryWire,
  type ParentRef,
} from '../messages/reports.js';
import type { FluxObjectRef, ObjectOrigin } from '../messages/flux-object-ref.js';
import { helmReleaseStatus } from './helm-release-report.js';
import { isoTimestamp, MAX_OBJECT_LABELS } from '../limits.js';
import { storableValue } from '../text.js';

// A Flux object as the agent reads it from the API server → the report items the hub stores. Pure: no client,
// no clock; what the API server returned is all it looks at.

/** The labels kustomize-controller puts on every object a Kustomization applied. */
export const PARENT_NAME_LABEL = 'kustomize.toolkit.fluxcd.io/name';
export const PARENT_NAMESPACE_LABEL = 'kustomize.toolkit.fluxcd.io/namespace';

/** The shape of any Flux object read from the API server; spec and status stay unparsed. */
export interface FluxObjectAsRead {
  apiVersion: string;
  kind: string;
  metadata: { namespace?: string; name: string; labels?: Record<string, string>; generation?: number };
  spec?: unknown;
  status?: unknown;
}

export type FluxObjectReportErrorCode =
  /** The kind is not one of FLUX_KINDS, or its apiVersion is not in that kind's group. */
  | 'NOT_A_FLUX_KIND'
  /** Flux objects are namespaced; one without a namespace or name cannot be reported. */
  | 'OBJECT_UNNAMED';

export type FluxObjectReport =
  | { ok: true; status: FluxObjectStatusItem; inventory?: FluxObjectInventoryItem }
  | { ok: false; error: { code: FluxObjectReportErrorCode; message: string } };

/** Same bounds as the protocol's schemas, so an honest object never makes a batch invalid. */
const MAX_CONDITIONS = 16;
const MAX_MESSAGE = 32_768;
const MAX_REVISION = 512;
const MAX_INVENTORY = 50_000;

type Json = Record<string, unknown>;
const record = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const text = (v: unknown, max = MAX_REVISION): string | undefined => (typeof v === 'string' && v !== '' ? v.slice(0, max) : undefined);

/**
 * The status item (and, for a kind that applies objects, the inventory item) of one Flux object. Conditions
 * that are not Flux-shaped are left out rather than failing the whole object; messages are cut to the
 * protocol's bound and text is made storable.
 */
export function fluxObjectReport(obj: FluxObjectAsRead, origin: ObjectOrigin): FluxObjectReport {
  const identity = fluxKind(obj.kind);
  if (!identity || obj.apiVersion.split('/')[0] !== identity.group) {
    return { ok: false, error: { code: 'NOT_A_FLUX_KIND', message: `${obj.apiVersion} ${obj.kind} is not a Flux kind` } };
  }
  const { namespace, name } = obj.metadata;
  if (!namespace || !name) return { ok: false, error: { code: 'OBJECT_UNNAMED', message: `${obj.kind} without namespace or name` } };
  const kind = identity.kind as FluxKindName;
  const spec = record(obj.spec);
  const status = record(obj.status);
  const parent = parentOf(obj.metadata.labels);
  const revision = revisionOf(kind, status);
  const lastAppliedRevision = text(status.lastAppliedRevision);
  const lastAttemptedRevision = text(status.lastAttemptedRevision);
  const lastHandledReconcileAt = isoOrUndefined(status.lastHandledReconcileAt);
  const observed = status.observedGeneration;
  const item: FluxObjectStatusItem = {
    kind,
    origin,
    namespace,
    name,
    ...(parent ? { parent } : {}),
    labels: labelsOf(obj.metadata.labels),
    suspended: spec.suspend === true,
    ...(revision ? { revision } : {}),
    conditions: conditionsOf(status.conditions),
    ...(lastAppliedRevision ? { lastAppliedRevision } : {}),
    ...(lastAttemptedRevision ? { lastAttemptedRevision } : {}),
    // Flux writes -1 before the first reconcile; the protocol counts from 0.
    observedGeneration: typeof observed === 'number' && Number.isSafeInteger(observed) && observed > 0 ? observed : 0,
    ...(lastHandledReconcileAt ? { lastHandledReconcileAt } : {}),
    ...(kind === 'HelmRelease' ? { helm: helmReleaseStatus(status) } : {}),
  };
  const entries = inventoryOf(status.inventory);
  const inventory: FluxObjectInventoryItem | undefined = entries ? { kind, origin, namespace, name, entries } : undefined;
  return { ok: true, status: storableValue(item), ...(inventory ? { inventory: storableValue(inventory) } : {}) };
}

/** The item that tells the hub an object is gone from the cluster. */
export function fluxObjectDeleted(ref: FluxObjectRef, origin: ObjectOrigin): FluxObjectDeletedItem {
  return { kind: ref.kind, origin, namespace: ref.namespace, name: ref.name, deleted: true };
}

/**
 * The object's labels as the protocol bounds them. The API server admits only valid ones; past the bound the
 * rest are left out (sorted by key, so the same object always reports the same ones) rather than failing it.
 */
function labelsOf(labels: Record<string, string> | undefined): Record<string, string> {
  const valid = Object.entries(labels ?? {})
    .filter(([k, v]) => typeof v === 'string' && isLabelKey(k) && isLabelValue(v))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(valid.slice(0, MAX_OBJECT_LABELS));
}

function parentOf(labels: Record<string, string> | undefined): ParentRef | undefined {
  const name = labels?.[PARENT_NAME_LABEL];
  const namespace = labels?.[PARENT_NAMESPACE_LABEL];
  return name && namespace ? { namespace, name } : undefined;
}

/**
 * What `flux get` shows as the revision: an applier's last applied revision (a HelmRelease's latest release's
 * chart version, as Flux's HelmRelease v2 keeps no lastAppliedRevision), a source's artifact revision.
 */
function revisionOf(kind: FluxKindName, status: Json): string | undefined {
  switch (kind) {
    case 'Kustomization':
      return text(status.lastAppliedRevision);
    case 'HelmRelease': {
      const history = Array.isArray(status.history) ? status.history : [];
      return text(record(history[0]).chartVersion);
    }
    default:
      return text(record(status.artifact).revision);
  }
}

function conditionsOf(value: unknown): ConditionWire[] {
  if (!Array.isArray(value)) return [];
  const out: ConditionWire[] = [];
  for (const raw of value) {
    const c = record(raw);
    const parsed = conditionSchema.safeParse({
      ...c,
      message: typeof c.message === 'string' ? c.message.slice(0, MAX_MESSAGE) : '',
      observedGeneration: typeof c.observedGeneration === 'number' && c.observedGeneration >= 0 ? c.observedGeneration : undefined,
    });
    if (parsed.success) out.push(parsed.data);
    if (out.length === MAX_CONDITIONS) break;
  }
  return out;
}

function inventoryOf(value: unknown): InventoryEntryWire[] | undefined {
  const entries = record(value).entries;
  if (!Array.isArray(entries)) return undefined;
  return entries
    .map(record)
    .filter((e): e is { id: string; v: string } => typeof e.id === 'string' && e.id !== '' && typeof e.v === 'string' && e.v !== '')
    .slice(0, MAX_INVENTORY)
    .map((e) => ({ id: e.id, v: e.v }));
}

function isoOrUndefined(v: unknown): string | undefined {
  // Flux copies the annotation's value as written; only RFC 3339 values fit the protocol's field.
  return isoTimestamp.safeParse(v).success ? (v as string) : undefined;
}
