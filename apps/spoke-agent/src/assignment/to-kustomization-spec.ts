import { parseFluxDuration, type KUSTOMIZATION_SOURCE_KINDS } from '@flotilla/reconcile-core';
import { kustomizationSpec } from '@flotilla/protocol/flux';
import { kustomizationTimeoutMs, type KustomizationSpec } from '../reconcile/kustomization-spec.js';
import { refusedField } from '../reconcile/spec-refusals.js';
import type { KustomizationReason } from '../reconcile/status/conditions.js';

// Parses a Kustomization spec with Flux's one definition (@flotilla/protocol/flux) and turns it into the
// pipeline's KustomizationSpec (durations in ms). The spec may come from the hub's assignment or from an object
// in the cluster, so the agent checks it at its edge and names the field that is wrong: a bad or refused spec
// becomes a clear Stalled status instead of a crash or a silently ignored field.

export interface SourceRef {
  kind: (typeof KUSTOMIZATION_SOURCE_KINDS)[number];
  name: string;
  namespace: string;
}

export type SpecConversion =
  | { ok: true; spec: KustomizationSpec; sourceRef: SourceRef }
  | { ok: false; field: string; message: string; reason: KustomizationReason };

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function ms(d: string | undefined): number | undefined {
  const parsed = d === undefined ? undefined : parseFluxDuration(d);
  return parsed?.ok ? Math.round(parsed.value) : undefined;
}

export function toKustomizationSpec(raw: unknown, namespace: string): SpecConversion {
  const parsed = kustomizationSpec.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['spec', ...issue.path.map(String)].join('.');
    return { ok: false, field, message: `${field}: ${issue.message}`, reason: 'ReconciliationFailed' };
  }
  const refusal = refusedField(parsed.data);
  if (refusal) return { ok: false, ...refusal };
  const { sourceRef, interval, retryInterval, timeout, ...fields } = parsed.data;
  const intervalMs = ms(interval)!;
  if (intervalMs <= 0) return { ok: false, field: 'spec.interval', message: 'spec.interval: must be greater than 0', reason: 'ReconciliationFailed' };
  const spec: KustomizationSpec = withoutUndefined({
    ...fields,
    intervalMs,
    retryIntervalMs: ms(retryInterval),
    timeoutMs: kustomizationTimeoutMs(intervalMs, ms(timeout)),
    // Flux treats empty strings as unset.
    targetNamespace: fields.targetNamespace || undefined,
    namePrefix: fields.namePrefix || undefined,
    nameSuffix: fields.nameSuffix || undefined,
    serviceAccountName: fields.serviceAccountName || undefined,
  });
  return { ok: true, spec, sourceRef: { kind: sourceRef.kind, name: sourceRef.name, namespace: sourceRef.namespace || namespace } };
}
