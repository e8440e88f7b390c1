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
//
// The same per-cluster render serves a proposed edit of a HelmRelease itself (computeHelmEditClusterDiffs): each
// side with its own spec, overlays, placement and chart, a cluster either side no longer places getting every
// object added or removed, with what Flux does about the removed ones (uninstall, or nothing while suspended).

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

/** The chart one side renders: its files, or why there are none (`unavailable`: a note, not an error of the release). */
export type SideChart = { files: FileTree } | { unavailable: string } | { error: string };

/** One side of a HelmRelease's change: the release as it is (base) or would be (head), and the chart it installs. */
export interface HelmReleaseSide {
  release: DiffHelmRelease;
  chart: SideChart;
}

type SideRender = { objects: KubeObject[] } | { note: string } | { error: string };

const specSuspended = (release: DiffHelmRelease): boolean => isRecord(release.spec) && release.spec.suspend === true;

/**
 * What Flux does with the objects of a release that leaves a cluster (deleted, or its placement no longer naming
 * it): helm-controller uninstalls it, so helm deletes them, unless the release is suspended, when the uninstall
 * is skipped (the agent does the same).
 */
const uninstallNote = (base: DiffHelmRelease): string =>
  specSuspended(base)
    ? 'suspend is true: Flux skips the uninstall, so the objects listed as removed stay on the cluster, no longer reconciled'
    : 'Flux uninstalls the release: helm deletes the objects listed as removed (CRDs from the chart’s crds/ stay; uninstall.keepHistory keeps helm’s release records, not the objects)';

/** One side rendered for one cluster with the values that cluster runs (values, overlays, cluster variables). */
async function renderSide(side: HelmReleaseSide, cluster: DiffCluster, helm: HelmTemplate): Promise<SideRender> {
  if ('error' in side.chart) return { error: side.chart.error };
  if ('unavailable' in side.chart) return { note: `not rendered: ${side.chart.unavailable}` };
  const { release } = side;
  const spec = clusterSpec(release, cluster, clusterVariables(cluster));
  if (!spec.ok) return { error: spec.message };
  const parsed = helmReleaseSpec.safeParse(release.spec);
  const naming = { namespace: release.namespace, name: release.name, releaseName: parsed.success ? parsed.data.releaseName : undefined, targetNamespace: parsed.success ? parsed.data.targetNamespace : undefined };
  const kubeVersion = cluster.kubernetesVersion ?? undefined;
  const values = (spec.spec.values ?? {}) as Record<string, unknown>;
  const result: TemplateResult = await helm.render({ files: side.chart.files, releaseName: releaseNameOf(naming), namespace: naming.targetNamespace ?? release.namespace, values, ...(kubeVersion ? { kubeVersion } : {}) });
  if (!result.ok) return result.unavailable ? { note: `not rendered: ${result.message}` } : { error: result.message };
  const objects = objectsOf(result.manifest);
  return objects.ok ? { objects: objects.objects } : { error: objects.message };
}

const valuesFromNote = (release: DiffHelmRelease): string | null => {
  const parsed = helmReleaseSpec.safeParse(release.spec);
  return parsed.success && parsed.data.valuesFrom?.length ? 'valuesFrom not applied: the ConfigMaps and Secrets it names are read in the cluster' : null;
};

/**
 * One cluster's diff between two sides, each rendered only when its placement targets the cluster: a cluster
 * the head no longer targets (or a deleted release, head null) has every base object removed, one it newly
 * targets every head object added. A base that does not render counts as nothing installed (the release fails
 * there now); a head that does not render is the diff's error, or its note when the hub cannot render it at all.
 */
async function helmClusterDiff(base: HelmReleaseSide | null, head: HelmReleaseSide | null, cluster: DiffCluster, helm: HelmTemplate): Promise<ClusterDiff | undefined> {
  const placed = (side: HelmReleaseSide | null): side is HelmReleaseSide => side !== null && placementTargets(placementOf(side.release.placement), cluster);
  const b = placed(base) ? base : undefined;
  const h = placed(head) ? head : undefined;
  const owner = (h ?? b)?.release;
  if (!owner) return undefined;
  const note = valuesFromNote(owner);
  const id = { kustomization: null, helmRelease: `${owner.namespace}/${owner.name}`, cluster: cluster.name, hiddenVariables: [] };
  const [before, after] = await Promise.all([b ? renderSide(b, cluster, helm) : undefined, h ? renderSide(h, cluster, helm) : undefined]);
  const empty = { added: [], changed: [], removed: [] };
  for (const r of [after, before]) if (r && 'note' in r) return { ...id, ...empty, error: null, note: r.note };
  if (after && 'error' in after) return { ...id, ...empty, error: after.error, note };
  const masked = maskSecrets(before && 'objects' in before ? before.objects : [], after && 'objects' in after ? after.objects : []);
  const diff = diffWithYaml(masked.before, masked.after);
  const gone = diff.removed.length && b && !h ? uninstallNote(b.release) : null;
  return { ...id, ...diff, error: null, note: [note, gone].filter((n) => n !== null).join('; ') || null };
}

/**
 * A change of the HelmRelease itself (its spec, overlays or placement), each side with the chart it installs:
 * for every cluster either side targets, the objects the head renders there against those the base renders. A
 * null head is its deletion. Renders are shared between clusters with the same chart, values and Kubernetes
 * version (HelmTemplate keeps them by input).
 */
export async function computeHelmEditClusterDiffs(base: HelmReleaseSide, head: HelmReleaseSide | null, clusters: readonly DiffCluster[], helm: HelmTemplate): Promise<ClusterDiff[]> {
  return (await Promise.all(clusters.map((c) => helmClusterDiff(base, head, c, helm)))).filter((d): d is ClusterDiff => d !== undefined);
}

/**
 * For every cluster each touched HelmRelease targets, its rendered objects at base and head compared, as for
 * an edit of the release whose chart alone changed. A fleet that runs the same values costs two renders per
 * release.
 */
export async function computeHelmClusterDiffs(
  releases: readonly DiffHelmRelease[],
  clusters: readonly DiffCluster[],
  source: { namespace: string; name: string },
  change: { paths: readonly string[]; trees: { base: FileTree; head: FileTree } },
  helm: HelmTemplate,
): Promise<ClusterDiff[]> {
  const out: Promise<ClusterDiff | undefined>[] = [];
  for (const { release, chart, clusters: targeted } of helmReleasesTouched(releases, source, change.paths, clusters)) {
    const base = chartWithValuesFiles(change.trees.base, chart);
    const head = chartWithValuesFiles(change.trees.head, chart);
    // A chart that is not in the base yet installs nothing there.
    const baseSide: HelmReleaseSide | null = base.ok && base.files.size ? { release, chart: { files: base.files } } : null;
    const headSide: HelmReleaseSide = { release, chart: head.ok ? { files: head.files } : { error: head.message } };
    for (const cluster of targeted) out.push(helmClusterDiff(baseSide, headSide, cluster, helm));
  }
  return (await Promise.all(out)).filter((d): d is ClusterDiff => d !== undefined);
}
