import type { AssignedHelmRelease, AssignedSource } from '@flotilla/protocol';
import { helmReleaseSpec } from '@flotilla/protocol/flux';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { isDigest } from '@flotilla/git-source';
import { artifactUrlPath } from '../artifacts/artifact-url.js';
import { placementOf, placementTargets } from '../kustomizations/placement.js';
import { overlaysOf, renderClusterValues } from './cluster-values.js';
import { chartOf } from './helm-release-chart.js';

// The pure part of placing hub HelmReleases: which ones a cluster runs, with its rendered values, and the chart
// archives they need. In the cluster a release's `chart.spec` becomes a `chartRef` to the ExternalArtifact of
// the chart the hub resolved once for the fleet, named `<namespace>-<name>` as Flux names the HelmChart a
// HelmRelease creates.

export interface AssignmentHelmRelease {
  id: string;
  namespace: string;
  name: string;
  generation: number;
  spec: unknown;
  overlays: unknown;
  placement: unknown;
  /** The `chart` column: what the hub resolved. */
  chart: unknown;
}

export const chartArtifactName = (release: { namespace: string; name: string }): string => `${release.namespace}-${release.name}`.slice(0, 253);

/** The spec one cluster runs, or why it cannot run it. */
export function clusterSpec(
  release: Pick<AssignmentHelmRelease, 'namespace' | 'name' | 'spec' | 'overlays'>,
  cluster: { labels: Record<string, string> },
  variables: Record<string, string>,
): { ok: true; spec: AssignedHelmRelease['spec'] } | { ok: false; message: string } {
  const stored = helmReleaseSpec.safeParse(release.spec);
  if (!stored.success) return { ok: false, message: stored.error.issues.map((i) => `spec.${i.path.join('.')}: ${i.message}`).join('; ') };
  const values = renderClusterValues(stored.data.values, overlaysOf(release.overlays), cluster, variables);
  if (!values.ok) return { ok: false, message: values.message };
  const { chart: _template, ...rest } = stored.data;
  const spec = helmReleaseSpec.safeParse({ ...rest, chartRef: { kind: FLUX_KINDS.ExternalArtifact.kind, name: chartArtifactName(release), namespace: release.namespace }, values: values.values });
  return spec.success ? { ok: true, spec: spec.data } : { ok: false, message: spec.error.issues.map((i) => `spec.${i.path.join('.')}: ${i.message}`).join('; ') };
}

/**
 * The HelmReleases placed on the cluster and their chart artifacts. A release whose chart is not resolved yet is
 * still listed (its agent reports the missing artifact and keeps the installed release); one whose values
 * cannot be rendered for this cluster (an undefined variable in strict substitution) is skipped with the reason.
 */
export function assignHelmReleases(
  cluster: { name: string; labels: Record<string, string> },
  variables: Record<string, string>,
  releases: readonly AssignmentHelmRelease[],
): { helmReleases: AssignedHelmRelease[]; sources: AssignedSource[]; skipped: { namespace: string; name: string; reason: string }[] } {
  const helmReleases: AssignedHelmRelease[] = [];
  const sources: AssignedSource[] = [];
  const skipped: { namespace: string; name: string; reason: string }[] = [];
  for (const r of releases) {
    if (!placementTargets(placementOf(r.placement), cluster)) continue;
    const spec = clusterSpec(r, cluster, variables);
    if (!spec.ok) {
      skipped.push({ namespace: r.namespace, name: r.name, reason: spec.message });
      continue;
    }
    helmReleases.push({ namespace: r.namespace, name: r.name, generation: r.generation, spec: spec.spec });
    const chart = chartOf(r.chart).artifact;
    if (chart && isDigest(chart.digest)) {
      sources.push({ kind: FLUX_KINDS.HelmChart.kind, namespace: r.namespace, name: chartArtifactName(r), revision: chart.version, digest: chart.digest, size: chart.size, url: artifactUrlPath(chart.digest) });
    }
  }
  return { helmReleases, sources, skipped };
}
