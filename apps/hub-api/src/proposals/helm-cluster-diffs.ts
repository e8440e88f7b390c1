import { helmReleaseSpec } from '@flotilla/protocol/flux';
import { FLUX_KINDS, parseYamlDocuments, releaseNameOf, type FileTree, type KubeObject } from '@flotilla/reconcile-core';
import { clusterVariables, type AssignmentCluster } from '../assignments/assignment-document.js';
import { placementOf, placementTargets } from '../kustomizations/placement.js';
import { clusterSpec } from '../helm/helm-release-assignment.js';
import { chartReads, chartWithValuesFiles, type GitChart } from '../helm/git-chart.js';
import type { HelmTemplate, TemplateResult } from '../helm/helm-template.js';
import { diffWithYaml, type ClusterDiff } from './cluster-diffs.js';

// The HelmRelease half of a proposal's per-cluster diff. A hub HelmRelease reads the proposal's source when its
// chart comes from that GitRepository (`chart.spec.sourceRef`, `chart.spec.chart: ./path`); a change touches it
// when a changed file is under the chart's path or is one of its `valuesFiles`. For each cluster it targets,
// the chart is rendered at base and head with the real `helm template` at the hub, with the values that
// cluster runs (values, overlays, cluster variables: what its assignment carries) and the cluster's reported
// Kubernetes version; then the objects are compared as Kustomizations' are. Differences from the install on the
// cluster: `.Capabilities.APIVersions` holds only helm's built-in list, `lookup` finds nothing, and `valuesFrom`
// (read in the cluster) is not applied, which `note` says. Hooks are left out: they are not part of the release.

export interface DiffHelmRelease {
  namespace: string;
  name: string;
  spec: unknown;
  overlays: unknown;
  placement: unknown;
}

export interface DiffCluster extends AssignmentCluster {
  /** The version the cluster's agent reported (`v1.35.4`), if any. */
  kubernetesVersion?: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const metadataOf = (o: KubeObject): Record<string, unknown> => (isRecord(o.metadata) ? o.metadata : {});

/** The chart path and valuesFiles of a release whose chart comes from the GitRepository `source`. */
function gitChartOf(release: DiffHelmRelease, source: { namespace: string; name: string }): GitChart | undefined {
  const spec = helmReleaseSpec.safeParse(release.spec);
  const t = spec.success ? spec.data.chart?.spec : undefined;
  if (!t || t.sourceRef.kind !== FLUX_KINDS.GitRepository.kind) return undefined;
  if (t.sourceRef.name !== source.name || (t.sourceRef.namespace ?? release.namespace) !== source.namespace) return undefined;
  return { chart: t.chart, valuesFiles: t.valuesFiles ?? [] };
}

/** The releases reading `source` that a change of `changedPaths` touches, each with the clusters it targets. */
export function helmReleasesTouched<R extends DiffHelmRelease, C extends AssignmentCluster>(
  releases: readonly R[],
  source: { namespace: string; name: string },
  changedPaths: readonly string[],
  clusters: readonly C[],
): { release: R; chart: GitChart; clusters: C[] }[] {
  const out: { release: R; chart: GitChart; clusters: C[] }[] = [];
  for (const release of releases) {
    const chart = gitChartOf(release, source);
    if (!chart) continue;
    if (!changedPaths.some((p) => chartReads(chart, p))) continue;
    const placement = placementOf(release.placement);
    const targeted = clusters.filter((c) => placementTargets(placement, c));
    if (targeted.length) out.push({ release, chart, clusters: targeted });
  }
  return out;
}

const SECRET_VALUE = '<secret-value>';
const SECRET_VALUE_CHANGED = '<secret-value:changed>';

/**
 * Secret values never leave the render: every `data`/`stringData` value is replaced by a placeholder, a
 * different one on the head side when the value differs from the base's, so the diff still names the key.
 */
export function maskSecrets(before: readonly KubeObject[], after: readonly KubeObject[]): { before: KubeObject[]; after: KubeObject[] } {
  const key = (o: KubeObject) => `${String(metadataOf(o).namespace ?? '')}/${String(metadataOf(o).name ?? '')}`;
  const isSecret = (o: KubeObject) => o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined);
  const baseSecrets = new Map(before.filter(isSecret).map((o) => [key(o), o]));
  const mask = (o: KubeObject, base?: KubeObject): KubeObject => {
    if (!isSecret(o)) return o;
    const copy: KubeObject = { ...o };
    for (const field of ['data', 'stringData'] as const) {
      const values = o[field];
      if (!isRecord(values)) continue;
      const was = base && isRecord(base[field]) ? (base[field] as Record<string, unknown>) : undefined;
      copy[field] = Object.fromEntries(Object.keys(values).map((k) => [k, !base || was?.[k] === values[k] ? SECRET_VALUE : SECRET_VALUE_CHANGED]));
    }
    return copy;
  };
  return { before: before.map((o) => mask(o)), after: after.map((o) => mask(o, baseSecrets.get(key(o)))) };
}

/** The objects of a `helm template` output, hooks left out. */
function objectsOf(manifest: string): { ok: true; objects: KubeObject[] } | { ok: false; message: string } {
  const docs = parseYamlDocuments(manifest, 'helm template');
  if (!docs.ok) return { ok: false, message: docs.errors.map((e) => e.message).join('; ') };
  const objects: KubeObject[] = [];
  for (const d of docs.value) {
    const annotations = isRecord(d) ? metadataOf(d).annotations : undefined;
    if (isRecord(d) && typeof d.kind === 'string' && !(isRecord(annotations) && 'helm.sh/hook' in annotations)) objects.push(d);
  }
  return { ok: true, objects };
}

/**
 * For every cluster each touched HelmRelease targets, its rendered objects at base and head compared. Renders
 * are shared between clusters with the same chart, values and Kubernetes version (HelmTemplate keeps them by
 * input), so a fleet that runs the same values costs two renders per release.
 */
export async function computeHelmClusterDiffs(
  releases: readonly DiffHelmRelease[],
  clusters: readonly DiffCluster[],
  source: { namespace: string; name: string },
  change: { paths: readonly string[]; trees: { base: FileTree; head: FileTree } },
  helm: HelmTemplate,
): Promise<ClusterDiff[]> {
  const out: Promise<ClusterDiff>[] = [];
  for (const { release, chart, clusters: targeted } of helmReleasesTouched(releases, source, change.paths, clusters)) {
    const base = chartWithValuesFiles(change.trees.base, chart);
    const head = chartWithValuesFiles(change.trees.head, chart);
    const parsed = helmReleaseSpec.safeParse(release.spec);
    const naming = { namespace: release.namespace, name: release.name, releaseName: parsed.success ? parsed.data.releaseName : undefined, targetNamespace: parsed.success ? parsed.data.targetNamespace : undefined };
    const releaseName = releaseNameOf(naming);
    const namespace = naming.targetNamespace ?? release.namespace;
    const note = parsed.success && parsed.data.valuesFrom?.length ? 'valuesFrom not applied: the ConfigMaps and Secrets it names are read in the cluster' : null;
    for (const cluster of targeted) {
      out.push(
        (async (): Promise<ClusterDiff> => {
          const headOf = { kustomization: null, helmRelease: `${release.namespace}/${release.name}`, cluster: cluster.name, hiddenVariables: [], note };
          const failed = (error: string): ClusterDiff => ({ ...headOf, added: [], changed: [], removed: [], error });
          const spec = clusterSpec(release, cluster, clusterVariables(cluster));
          if (!spec.ok) return failed(spec.message);
          if (!head.ok) return failed(head.message);
          const values = (spec.spec.values ?? {}) as Record<string, unknown>;
          const kubeVersion = cluster.kubernetesVersion ?? undefined;
          const render = (files: FileTree): Promise<TemplateResult> => helm.render({ files, releaseName, namespace, values, ...(kubeVersion ? { kubeVersion } : {}) });
          const [before, after] = await Promise.all([base.ok && base.files.size ? render(base.files) : undefined, render(head.files)]);
          if (!after.ok) {
            if (after.unavailable) return { ...headOf, added: [], changed: [], removed: [], error: null, note: `not rendered: ${after.message}` };
            return failed(after.message);
          }
          const afterObjects = objectsOf(after.manifest);
          if (!afterObjects.ok) return failed(afterObjects.message);
          const beforeObjects = before?.ok ? objectsOf(before.manifest) : undefined;
          const masked = maskSecrets(beforeObjects?.ok ? beforeObjects.objects : [], afterObjects.objects);
          return { ...headOf, ...diffWithYaml(masked.before, masked.after), error: null };
        })(),
      );
    }
  }
  return Promise.all(out);
}
