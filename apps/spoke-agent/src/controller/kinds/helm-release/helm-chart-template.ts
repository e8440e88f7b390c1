import { FLUX_KINDS } from '@flotilla/reconcile-core';
import type { HelmReleaseSpec } from '@flotilla/protocol/flux';
import { apiFailure } from '../../../k8s/api-error.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { helmChartNameOf } from '@flotilla/reconcile-core';

// The HelmChart a HelmRelease's `chart.spec` creates and owns, as helm-controller makes it: named
// `<namespace>-<name>` in the namespace of the chart's source, labelled with its owner, its spec taken from the
// template (the release's interval when the template has none). It is kept equal to the template and deleted
// with the release.

const HC = FLUX_KINDS.HelmChart;
export const OWNER_NAME_LABEL = 'helm.toolkit.fluxcd.io/name';
export const OWNER_NAMESPACE_LABEL = 'helm.toolkit.fluxcd.io/namespace';

const pathOf = (ns: string, name?: string) => `/apis/${HC.group}/${HC.version}/namespaces/${encodeURIComponent(ns)}/${HC.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;

export function chartRefOf(hr: { namespace: string; name: string }, spec: HelmReleaseSpec): { namespace: string; name: string } | undefined {
  if (spec.chart) return { namespace: spec.chart.spec.sourceRef.namespace ?? hr.namespace, name: helmChartNameOf(hr) };
  if (spec.chartRef?.kind === 'HelmChart') return { namespace: spec.chartRef.namespace ?? hr.namespace, name: spec.chartRef.name };
  return undefined;
}

/** Creates or updates the owned HelmChart; returns an error message when the API server refuses. */
export async function ensureHelmChart(kube: KubeClient, hr: { namespace: string; name: string }, spec: HelmReleaseSpec): Promise<string | undefined> {
  const template = spec.chart;
  if (!template) return undefined;
  const ref = chartRefOf(hr, spec) as { namespace: string; name: string };
  const t = template.spec;
  const body = {
    apiVersion: HC.apiVersion,
    kind: HC.kind,
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      labels: { ...(template.metadata?.labels ?? {}), [OWNER_NAME_LABEL]: hr.name, [OWNER_NAMESPACE_LABEL]: hr.namespace },
      ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
    },
    spec: {
      chart: t.chart,
      version: t.version,
      sourceRef: { kind: t.sourceRef.kind, name: t.sourceRef.name, ...(t.sourceRef.apiVersion ? { apiVersion: t.sourceRef.apiVersion } : {}) },
      interval: t.interval ?? spec.interval,
      reconcileStrategy: t.reconcileStrategy,
      ...(t.valuesFiles ? { valuesFiles: t.valuesFiles } : {}),
      ...(t.ignoreMissingValuesFiles ? { ignoreMissingValuesFiles: true } : {}),
      ...(t.verify ? { verify: t.verify } : {}),
    },
  };
  // Server-side apply keeps exactly the template's fields and drops those the template lost.
  const res = await kube.request({ method: 'PATCH', path: pathOf(ref.namespace, ref.name), query: { fieldManager: 'helm-controller', force: 'true' }, body, contentType: 'application/apply-patch+yaml' });
  if (res.status === 200 || res.status === 201) return undefined;
  return `failed to create HelmChart '${ref.namespace}/${ref.name}': ${apiFailure(res.status, res.body).message}`;
}

export async function deleteHelmChart(kube: KubeClient, ref: { namespace: string; name: string }): Promise<void> {
  const res = await kube.request({ method: 'DELETE', path: pathOf(ref.namespace, ref.name) });
  if (res.status !== 200 && res.status !== 202 && res.status !== 404) throw new Error(`failed to delete HelmChart '${ref.namespace}/${ref.name}': ${apiFailure(res.status, res.body).message}`);
}
