import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { readArchive, type ArtifactStore } from '@flotilla/git-source';
import { helmReleaseSpec } from '@flotilla/protocol/flux';
import { FLUX_KINDS, type FileTree } from '@flotilla/reconcile-core';
import type { AssignmentCluster } from '../assignments/assignment-document.js';
import { canonicalJson } from '../common/canonical-json.js';
import { labelMap } from '../common/label-map.js';
import { DomainError } from '../common/domain-error.js';
import { chartArchiveFiles } from '../helm/chart-archive.js';
import { chartWithValuesFiles, readChartFromArtifact } from '../helm/git-chart.js';
import { HelmChartInfoService } from '../helm/helm-chart-info.js';
import { chartOf } from '../helm/helm-release-chart.js';
import { ociChartFiles } from '../helm/oci-artifact-chart.js';
import { HelmReleasesRepository } from '../helm/helm-releases.repository.js';
import { HelmTemplate } from '../helm/helm-template.js';
import { OciRepositoriesRepository } from '../oci-sources/oci-repositories.repository.js';
import type { OciRepositoryRow } from '../oci-sources/oci-repositories.repository.js';
import { OciRevisionFetch, OciVerificationFailed } from '../oci-sources/oci-revision-fetch.js';
import { KustomizationsRepository } from '../kustomizations/kustomizations.repository.js';
import { placementOf, placementTargets } from '../kustomizations/placement.js';
import { GitRevisionFetch } from '../sources/git-revision-fetch.js';
import { ARTIFACT_STORE } from '../sources/sources.providers.js';
import { computeClusterDiffs, computeEditClusterDiffs, type ClusterDiff, type DiffKustomization, type KustomizationSide } from './cluster-diffs.js';
import { GitRemotes } from './git-remotes.js';
import { sameSourceOrigin } from './source-url-origin.js';
import { computeHelmClusterDiffs, computeHelmEditClusterDiffs, type DiffCluster, type DiffHelmRelease, type SideChart } from './helm-cluster-diffs.js';
import { SubstituteFromReads } from './substitute-from.js';

// The per-cluster diff of a proposed edit of a Kustomization itself. The base is the Kustomization as the hub
// has it now (what the clusters run); the head is the one the FleetSync would make from the edited file (its
// spec and its placement, with the variables a Placement gives). Each side is built on the source it reads, from
// the artifact the hub serves the agents (a GitRepository's or an OCIRepository's). Differences: when the
// Kustomization reads the FleetSync's own repository and its path holds the edited file, the head is still built
// from the current artifact, without the edit; a Kustomization reading a Bucket is not rendered (its note says so).
//
// A proposed edit of a HelmRelease: its chart rendered with the real helm at the hub, as image proposals render
// theirs (helm-cluster-diffs.ts), before and after, on every cluster either side places it on.
//
// A proposed change of a GitRepository's ref, url or ignore rules: every Kustomization reading it, built at the
// revision the hub has now and at the one the edited source gives (fetched as a preview by the engine that
// makes its artifacts, so the ignore rules are applied as there), as an image proposal's base and head; and every
// HelmRelease whose chart.spec reads it, its chart packaged from each tree and rendered with the real helm on each
// cluster it is placed on. Of an OCIRepository, a change of its ref, url, ignore rules or layerSelector likewise
// (pulled as its preview pulls); a change of its other fields leaves its artifact as it is (each cluster renders
// the same objects; a new `verify` checked against the artifact the hub serves), and every HelmRelease whose
// chartRef names it: its chart read from each artifact (oci-artifact-chart.ts) and rendered on each cluster.
// A deletion of a source changes no object on the clusters (Flux keeps what the Kustomizations applied while
// their source is missing).

/** What the FleetSync would make of the edited Kustomization at the head; null when it goes. */
export type EditedKustomization = { spec: unknown; placement: unknown } | null;

/** What the FleetSync would make of the edited HelmRelease at the head; null when it goes. */
export type EditedHelmRelease = { spec: unknown; overlays: unknown; placement: unknown } | null;

const chartTemplateOf = (spec: unknown) => {
  const parsed = helmReleaseSpec.safeParse(spec);
  return parsed.success ? parsed.data.chart?.spec : undefined;
};

/** Where a release's chart comes from: `chart.spec` or `chartRef` (one of them, Flux's rule). */
const chartSourceOf = (spec: unknown) => {
  const parsed = helmReleaseSpec.safeParse(spec);
  return parsed.success ? { chart: parsed.data.chart?.spec ?? null, chartRef: parsed.data.chartRef ?? null } : null;
};
const chartRefOf = (spec: unknown) => {
  const parsed = helmReleaseSpec.safeParse(spec);
  return parsed.success ? parsed.data.chartRef : undefined;
};

const sourceOf = (k: DiffKustomization): { kind: string; namespace: string; name: string } => {
  const ref = (typeof k.spec === 'object' && k.spec !== null ? (k.spec as { sourceRef?: { kind?: unknown; namespace?: unknown; name?: unknown } }).sourceRef : undefined) ?? {};
  return { kind: String(ref.kind ?? ''), namespace: typeof ref.namespace === 'string' && ref.namespace ? ref.namespace : k.namespace, name: String(ref.name ?? '') };
};

const artifactDigestOf = (status: unknown): string | undefined => {
  const a = typeof status === 'object' && status !== null ? (status as { artifact?: { digest?: unknown } }).artifact : undefined;
  return typeof a?.digest === 'string' ? a.digest : undefined;
};

@Injectable()
export class FleetEditDiffs {
  constructor(
    private readonly kustomizations: KustomizationsRepository,
    private readonly remotes: GitRemotes,
    private readonly substituteFrom: SubstituteFromReads,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly revisions: GitRevisionFetch,
    private readonly helmReleases: HelmReleasesRepository,
    private readonly charts: HelmChartInfoService,
    private readonly helm: HelmTemplate,
    private readonly ociRepositories: OciRepositoriesRepository,
    private readonly ociRevisions: OciRevisionFetch,
  ) {}

  private async clusters(): Promise<DiffCluster[]> {
    return (await this.kustomizations.clusters()).map((c) => ({ id: c.id, name: c.name, labels: labelMap(c.labels), variables: labelMap(c.variables), kubernetesVersion: c.kubernetesVersion }));
  }

  /** Every cluster a Kustomization or HelmRelease targets gets the reason its diff was not rendered. */
  private notRendered(users: readonly DiffKustomization[], clusters: readonly AssignmentCluster[], why: string, releases: readonly DiffHelmRelease[] = []): ClusterDiff[] {
    return this.sameEverywhere(users, clusters, `not rendered: ${why}`, releases);
  }

  /** Every cluster each Kustomization or HelmRelease targets gets an empty diff with `note`. */
  private sameEverywhere(users: readonly DiffKustomization[], clusters: readonly AssignmentCluster[], note: string, releases: readonly DiffHelmRelease[] = []): ClusterDiff[] {
    const owners = [...users.map((k) => ({ k, kustomization: `${k.namespace}/${k.name}`, helmRelease: null })), ...releases.map((r) => ({ k: r, kustomization: null, helmRelease: `${r.namespace}/${r.name}` }))];
    return owners.flatMap(({ k, kustomization, helmRelease }) =>
      clusters.filter((c) => placementTargets(placementOf(k.placement), c)).map((c) => ({ kustomization, helmRelease, cluster: c.name, added: [], changed: [], removed: [], error: null, hiddenVariables: [], note })),
    );
  }

  /** For a GitRepository's `spec` before and after an edit: what every Kustomization reading it builds differently on each cluster. */
  async gitRepository(source: { namespace: string; name: string }, before: Record<string, unknown>, after: Record<string, unknown>): Promise<ClusterDiff[]> {
    const changed = (field: string) => canonicalJson(before[field] ?? null) !== canonicalJson(after[field] ?? null);
    if (!changed('ref') && !changed('url') && !changed('ignore')) return [];
    const [row, users, releaseRows, clusters] = await Promise.all([
      this.remotes.findSource(source.namespace, source.name),
      this.kustomizations.usingSource(source.namespace, source.name, FLUX_KINDS.GitRepository.kind),
      this.helmReleases.usingRepository('GitRepository', source.namespace, source.name),
      this.clusters(),
    ]);
    if (!row || (!users.length && !releaseRows.length)) return [];
    const kustomizations: DiffKustomization[] = users.map((k) => ({ namespace: k.namespace, name: k.name, spec: k.spec, placement: k.placement }));
    const releases: DiffHelmRelease[] = releaseRows.map((r) => ({ namespace: r.namespace, name: r.name, spec: r.spec, overlays: r.overlays, placement: r.placement }));
    const base = await this.tree({ kind: FLUX_KINDS.GitRepository.kind, ...source });
    if (typeof base === 'string') return this.notRendered(kustomizations, clusters, base, releases);
    // The head is the source as the edited file declares it: its url and ignore rules in place of the stored
    // ones, fetched by the engine that makes its artifacts (so the ignore rules are source-controller's, as
    // applied there). The stored credentials go only to the host they were given for: a proposal is not reviewed
    // yet, and must not send them to another one.
    const url = typeof after.url === 'string' ? after.url : row.url;
    const headRow = { ...row, url, ignore: typeof after.ignore === 'string' ? after.ignore : null, credentialsSealed: sameSourceOrigin(row.url, url) ? row.credentialsSealed : null };
    const withoutCredentials = row.credentialsSealed !== null && headRow.credentialsSealed === null;
    let head: FileTree;
    try {
      const fetched = await this.revisions.fetch(headRow, after.ref ?? {}, { purpose: 'fleet edit diff' });
      head = await readArchive(Readable.from(fetched.bytes), () => true);
    } catch (err) {
      const fields = ['ref', 'url', 'ignore'].filter(changed);
      const what = fields.length === 1 && fields[0] === 'ignore' ? 'with the new ignore rules' : `the new ${fields.filter((f) => f !== 'ignore').join(' and ')}`;
      return this.notRendered(kustomizations, clusters, `fetching ${what}${withoutCredentials ? ' (without the source’s credentials, which stay with its current host)' : ''}: ${err instanceof Error ? err.message : String(err)}`, releases);
    }
    // Every release reading the source is rendered (each path of either tree counts as changed): its chart
    // packaged from each tree as source-controller builds a HelmChart from a GitRepository's artifact.
    const paths = [...new Set([...base.keys(), ...head.keys()])];
    const [kustomizationDiffs, helmDiffs] = await Promise.all([
      kustomizations.length ? this.substituteFrom.lookup(kustomizations, clusters).then((lookup) => computeClusterDiffs(kustomizations, clusters, { base, head }, lookup)) : [],
      computeHelmClusterDiffs(releases, clusters, source, { paths, trees: { base, head } }, this.helm),
    ]);
    return [...kustomizationDiffs, ...helmDiffs];
  }

  /**
   * For an OCIRepository's `spec` before and after an edit: what every Kustomization reading it builds
   * differently on each cluster. A change of its ref, url, ignore rules or layerSelector pulls the edited source
   * as the preview pulls it (every edited field in place, `verify` included; its credentials and TLS material
   * only to the origin they were given for). A change of its other fields leaves the artifact as it is: each
   * cluster renders the same objects (an empty diff), and for a `verify` turned on or changed, the note says
   * whether the artifact the hub serves passes it. A revision that fails verification is never served (Flux:
   * SourceVerified=False, the artifact kept), so nothing changes on the clusters either.
   */
  async ociRepository(source: { namespace: string; name: string }, before: Record<string, unknown>, after: Record<string, unknown>): Promise<ClusterDiff[]> {
    const changed = Object.keys({ ...before, ...after }).filter((f) => f !== 'interval' && f !== 'timeout' && f !== 'suspend' && canonicalJson(before[f] ?? null) !== canonicalJson(after[f] ?? null));
    if (!changed.length) return [];
    const [row, users, releaseRows, clusters] = await Promise.all([
      this.ociRepositories.findByName(source.namespace, source.name),
      this.kustomizations.usingSource(source.namespace, source.name, FLUX_KINDS.OCIRepository.kind),
      this.ociRepositories.helmReleasesUsing(source.namespace, source.name),
      this.clusters(),
    ]);
    if (!row || (!users.length && !releaseRows.length)) return [];
    const kustomizations: DiffKustomization[] = users.map((k) => ({ namespace: k.namespace, name: k.name, spec: k.spec, placement: k.placement }));
    const releases: DiffHelmRelease[] = releaseRows.map((r) => ({ namespace: r.namespace, name: r.name, spec: r.spec, overlays: r.overlays, placement: r.placement }));
    const stored = typeof row.spec === 'object' && row.spec !== null ? (row.spec as Record<string, unknown>) : {};
    const spec: Record<string, unknown> = { ...stored };
    for (const f of changed) {
      if (after[f] === undefined) delete spec[f];
      else spec[f] = after[f];
    }
    const same = sameSourceOrigin(String(stored.url ?? ''), String(spec.url ?? ''));
    const headRow = { ...row, spec: spec as typeof row.spec, ...(same ? {} : { credentialsSealed: null, tlsSealed: null }) };
    const pulled = changed.filter((f) => ['ref', 'url', 'ignore', 'layerSelector'].includes(f));
    if (!pulled.length) return this.sameEverywhere(kustomizations, clusters, await this.sameArtifactNote(row, spec, changed), releases);
    const base = await this.tree({ kind: FLUX_KINDS.OCIRepository.kind, ...source });
    if (typeof base === 'string') return this.notRendered(kustomizations, clusters, base, releases);
    let headBytes: Buffer;
    let head: FileTree;
    try {
      const fetched = await this.ociRevisions.fetch(headRow, after.ref ?? {}, { purpose: 'fleet edit diff' });
      headBytes = fetched.bytes;
      head = await readArchive(Readable.from(fetched.bytes), () => true);
    } catch (err) {
      if (err instanceof OciVerificationFailed) {
        return this.sameEverywhere(kustomizations, clusters, `renders the same objects: the new ${pulled.join(' and ')} names a revision that fails verification (${err.message}); Flux sets SourceVerified=False and keeps the current artifact`, releases);
      }
      const withoutCredentials = !same && (row.credentialsSealed !== null || row.tlsSealed !== null);
      return this.notRendered(kustomizations, clusters, `pulling the new ${pulled.join(' and ')}${withoutCredentials ? ' (without the source’s credentials, which stay with its current registry)' : ''}: ${err instanceof Error ? err.message : String(err)}`, releases);
    }
    // Releases whose chartRef names the source: the chart in the artifact served now against the one in the
    // edited source's artifact, each read as the chart resolver reads it.
    const named = `${source.namespace}/${source.name}`;
    const chartOfSide = async (read: Promise<Readable>): Promise<SideChart> => {
      const chart = await ociChartFiles(await read, named);
      return chart.ok ? { files: chart.files } : { error: chart.message };
    };
    const helmDiffs = async (): Promise<ClusterDiff[]> => {
      const digest = artifactDigestOf(row.status);
      const [baseChart, headChart] = await Promise.all([digest ? chartOfSide(this.store.get(digest)) : { unavailable: `OCIRepository ${named} has no artifact yet` }, chartOfSide(Promise.resolve(Readable.from(headBytes)))]);
      const diffs: ClusterDiff[] = [];
      for (const r of releases) diffs.push(...(await computeHelmEditClusterDiffs({ release: r, chart: baseChart }, { release: r, chart: headChart }, clusters, this.helm)));
      return diffs;
    };
    const [kustomizationDiffs, releaseDiffs] = await Promise.all([
      kustomizations.length ? this.substituteFrom.lookup(kustomizations, clusters).then((lookup) => computeClusterDiffs(kustomizations, clusters, { base, head }, lookup)) : [],
      releases.length ? helmDiffs() : [],
    ]);
    return [...kustomizationDiffs, ...releaseDiffs];
  }

  /**
   * Why an OCIRepository edit that pulls nothing new renders the same objects: its artifact stays. With `verify`
   * on and changed, whether the artifact the hub serves passes it (the hub's own verification, with the keys it
   * holds), as source-controller verifies it again on the new generation.
   */
  private async sameArtifactNote(row: OciRepositoryRow, spec: Record<string, unknown>, changed: readonly string[]): Promise<string> {
    const same = `renders the same objects: a change of ${changed.join(' and ')} leaves the artifact as it is`;
    if (!changed.includes('verify') || spec.verify === undefined || spec.verify === null) return same;
    const status = typeof row.status === 'object' && row.status !== null ? (row.status as { artifact?: { revision?: unknown } }) : {};
    const revision = typeof status.artifact?.revision === 'string' ? status.artifact.revision : undefined;
    const digest = revision ? /sha256:[0-9a-f]{64}$/.exec(revision)?.[0] : undefined;
    if (!revision || !digest) return `${same}; the hub has no artifact to verify yet`;
    let refused: string | undefined;
    try {
      refused = await this.ociRevisions.verify(row, spec, digest);
    } catch (err) {
      return `${same}; the artifact the hub serves (${revision}) could not be checked against the new verification: ${err instanceof Error ? err.message : String(err)}`;
    }
    return refused === undefined
      ? `renders the same objects: the artifact the hub serves (${revision}) passes the new verification`
      : `renders the same objects: the artifact the hub serves (${revision}) fails the new verification (${refused}); Flux sets SourceVerified=False and keeps serving it, so nothing changes on the clusters`;
  }

  /** For every cluster the Kustomization is or would be placed on: the objects its edit adds, changes and removes there. */
  async kustomization(objectId: string, head: EditedKustomization): Promise<ClusterDiff[]> {
    const [row, clusters] = await Promise.all([this.kustomizations.findById(objectId), this.clusters()]);
    if (!row) return [];
    const base: DiffKustomization = { namespace: row.namespace, name: row.name, spec: row.spec, placement: row.placement };
    const after: DiffKustomization | null = head ? { namespace: row.namespace, name: row.name, ...head } : null;
    const sides = [base, ...(after ? [after] : [])];
    const trees = new Map<string, Promise<FileTree | string>>();
    const treeOf = (k: DiffKustomization): Promise<FileTree | string> => {
      const s = sourceOf(k);
      const key = `${s.kind}/${s.namespace}/${s.name}`;
      if (!trees.has(key)) trees.set(key, this.tree(s));
      return trees.get(key)!;
    };
    const [baseTree, headTree, lookups] = await Promise.all([treeOf(base), after ? treeOf(after) : undefined, Promise.all(sides.map((k) => this.substituteFrom.lookup([k], clusters)))]);
    if (typeof baseTree === 'string' || typeof headTree === 'string') {
      // Every cluster either side places, once.
      const placement = { clusterNames: clusters.filter((c) => sides.some((k) => placementTargets(placementOf(k.placement), c))).map((c) => c.name), clusterSelector: null };
      return this.notRendered([{ ...base, placement }], clusters, typeof baseTree === 'string' ? baseTree : String(headTree));
    }
    const baseSide: KustomizationSide = { kustomization: base, tree: baseTree, substituteFrom: lookups[0]! };
    const headSide: KustomizationSide | null = after && headTree ? { kustomization: after, tree: headTree, substituteFrom: lookups[1]! } : null;
    return computeEditClusterDiffs(baseSide, headSide, clusters);
  }

  /**
   * For every cluster the HelmRelease is or would be placed on: the objects helm renders there now against
   * those it would render from the edited file (values, overlays, chart, placement). The base installs the chart
   * the hub resolved for the fleet; the head the same one while `chart.spec` is unchanged, else the chart that
   * spec selects from the hub's HelmRepository (its stored index, or the registry's tags for type oci) or
   * GitRepository artifact, pulled as the chart resolver pulls it. A chart the hub cannot get is each cluster's
   * note, not an error of the proposal.
   */
  async helmRelease(objectId: string, head: EditedHelmRelease): Promise<ClusterDiff[]> {
    const [row, clusters] = await Promise.all([this.helmReleases.findById(objectId), this.clusters()]);
    if (!row) return [];
    const base: DiffHelmRelease = { namespace: row.namespace, name: row.name, spec: row.spec, overlays: row.overlays, placement: row.placement };
    const resolved = chartOf(row.chart);
    const baseChart: Promise<SideChart> = resolved.artifact
      ? this.archiveFiles(resolved.artifact.digest, `chart ${resolved.artifact.name} ${resolved.artifact.version}`)
      : Promise.resolve({ unavailable: `HelmRelease ${row.namespace}/${row.name} has no chart at the hub yet${resolved.failure ? ` (${resolved.failure.reason}: ${resolved.failure.message})` : ''}` });
    const after: DiffHelmRelease | null = head ? { namespace: row.namespace, name: row.name, ...head } : null;
    const sameChart = after !== null && canonicalJson(chartSourceOf(row.spec)) === canonicalJson(chartSourceOf(after.spec));
    const headChart = after === null ? undefined : sameChart ? baseChart : this.chartOf(after);
    const [b, h] = await Promise.all([baseChart, headChart]);
    return computeHelmEditClusterDiffs({ release: base, chart: b }, after && h ? { release: after, chart: h } : null, clusters, this.helm);
  }

  /** The chart a HelmRelease's `chart.spec` selects from the hub's sources (or its chartRef's OCIRepository holds), or why there is none. */
  private async chartOf(release: DiffHelmRelease): Promise<SideChart> {
    const ref = chartRefOf(release.spec);
    if (ref) {
      const namespace = ref.namespace ?? release.namespace;
      if (ref.kind !== FLUX_KINDS.OCIRepository.kind) return { unavailable: `the hub holds no ${ref.kind} ${namespace}/${ref.name}` };
      const source = await this.ociRepositories.findByName(namespace, ref.name);
      const digest = source ? artifactDigestOf(source.status) : undefined;
      if (!digest) return { unavailable: `OCIRepository ${namespace}/${ref.name} ${source ? 'has no artifact yet' : 'is not at the hub'}` };
      const chart = await ociChartFiles(await this.store.get(digest), `${namespace}/${ref.name}`);
      return chart.ok ? { files: chart.files } : { error: chart.message };
    }
    const t = chartTemplateOf(release.spec);
    if (!t) return { unavailable: 'the edited HelmRelease has no chart.spec' };
    const namespace = t.sourceRef.namespace ?? release.namespace;
    if (t.sourceRef.kind === FLUX_KINDS.HelmRepository.kind) {
      try {
        const info = await this.charts.info(namespace, t.sourceRef.name, t.chart, t.version);
        return await this.archiveFiles(info.digest, `chart ${t.chart} ${info.version}`);
      } catch (err) {
        if (err instanceof DomainError) return { unavailable: `chart ${t.chart} ${t.version} from HelmRepository ${namespace}/${t.sourceRef.name}: ${err.message}` };
        throw err;
      }
    }
    if (t.sourceRef.kind !== FLUX_KINDS.GitRepository.kind) return { unavailable: `the hub holds no ${t.sourceRef.kind} ${namespace}/${t.sourceRef.name}` };
    const source = await this.remotes.findSource(namespace, t.sourceRef.name);
    const digest = source ? artifactDigestOf(source.status) : undefined;
    if (!digest) return { unavailable: `GitRepository ${namespace}/${t.sourceRef.name} ${source ? 'has no artifact yet' : 'is not at the hub'}` };
    const chart = { chart: t.chart, valuesFiles: t.valuesFiles ?? [] };
    const files = chartWithValuesFiles(await readChartFromArtifact(await this.store.get(digest), chart), chart);
    return files.ok ? { files: files.files } : { error: `chart package error: ${files.message}` };
  }

  private async archiveFiles(digest: string, what: string): Promise<SideChart> {
    try {
      return { files: await chartArchiveFiles(this.store, digest) };
    } catch (err) {
      return { unavailable: `reading ${what} at the hub: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** The files of the source's current artifact (the one the hub serves the agents), or why there are none. */
  private async tree(s: { kind: string; namespace: string; name: string }): Promise<FileTree | string> {
    const git = s.kind === FLUX_KINDS.GitRepository.kind;
    if (!git && s.kind !== FLUX_KINDS.OCIRepository.kind) return `the hub renders a Kustomization reading a GitRepository or an OCIRepository only (this one reads ${s.kind} ${s.namespace}/${s.name})`;
    const source = git ? await this.remotes.findSource(s.namespace, s.name) : await this.ociRepositories.findByName(s.namespace, s.name);
    const digest = source ? artifactDigestOf(source.status) : undefined;
    if (!digest) return `${s.kind} ${s.namespace}/${s.name} ${source ? 'has no artifact yet' : 'is not at the hub'}`;
    try {
      return await readArchive(await this.store.get(digest), () => true);
    } catch (err) {
      return `reading the artifact of ${s.kind} ${s.namespace}/${s.name}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}
