import { loadedCel } from '@flotilla/reconcile-core';
import type { KustomizationSpec as FluxKustomizationSpec } from '@flotilla/protocol/flux';
import type { KustomizationReason } from './status/conditions.js';

/** A spec the agent will not reconcile until it changes: Ready=False and Stalled=True with this reason. */
export interface SpecRefusal {
  field: string;
  reason: KustomizationReason;
  message: string;
}

/** kustomize-controller's prefix for errors no retry can fix. */
const TERMINAL_ERROR_MESSAGE = 'Reconciliation failed terminally due to configuration error';

/**
 * The checks kustomize-controller makes before it fetches anything (after suspend: a suspended spec is not
 * judged until it resumes), in its order, plus the fields this agent
 * deliberately does not act on, so none of them is ignored in silence:
 * - healthCheckExprs and dependsOn readyExpr must parse (InvalidCELExpression, terminal in Flux too);
 * - decryption.serviceAccountName needs Flux's ObjectLevelWorkloadIdentity gate, off by default; the agent
 *   has no cloud KMS client at all, so it answers as Flux does with the gate off (FeatureGateDisabled);
 * - kubeConfig targets a remote cluster; the agent applies only to the cluster it runs in (UnsupportedField);
 * - buildMetadata transformerAnnotations is not implemented (UnsupportedField).
 */
export function refusedField(spec: FluxKustomizationSpec): SpecRefusal | undefined {
  if (spec.suspend) return undefined;
  if (spec.healthCheckExprs?.length) {
    const compiled = loadedCel().compileHealthCheckExprs(spec.healthCheckExprs);
    if (!compiled.ok) {
      return { field: 'spec.healthCheckExprs', reason: 'InvalidCELExpression', message: `${TERMINAL_ERROR_MESSAGE}: ${compiled.errors.map((e) => e.message).join('; ')}` };
    }
  }
  for (const [i, dep] of (spec.dependsOn ?? []).entries()) {
    if (!dep.readyExpr) continue;
    const parsed = loadedCel().parseCelExpression(dep.readyExpr);
    if (!parsed.ok) {
      return { field: `spec.dependsOn.${i}.readyExpr`, reason: 'InvalidCELExpression', message: `${TERMINAL_ERROR_MESSAGE}: failed to evaluate dependency ${dep.name}: ${parsed.errors.map((e) => e.message).join('; ')}` };
    }
  }
  if (spec.decryption?.serviceAccountName) {
    return {
      field: 'spec.decryption.serviceAccountName',
      reason: 'FeatureGateDisabled',
      message:
        'to use spec.decryption.serviceAccountName for decryption authentication please enable the ObjectLevelWorkloadIdentity feature gate in the controller; ' +
        'the Flotilla agent has no such gate and no cloud KMS client: decrypt with age keys from spec.decryption.secretRef',
    };
  }
  if (spec.kubeConfig) {
    return { field: 'spec.kubeConfig', reason: 'UnsupportedField', message: 'spec.kubeConfig is not supported: the Flotilla agent applies only to the cluster it runs in; place the Kustomization on the remote cluster instead' };
  }
  if (spec.buildMetadata?.includes('transformerAnnotations')) {
    return { field: 'spec.buildMetadata', reason: 'UnsupportedField', message: 'spec.buildMetadata: transformerAnnotations is not supported (originAnnotations is)' };
  }
  return undefined;
}
