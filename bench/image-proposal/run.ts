// bench/image-proposal: tag pushed → UpdateProposal showing it visible in GraphQL, p50/p95 over BENCH_PUSHES
// tags, with a scan request sent right after each push (what a registry webhook relay does), while a
// Kustomization reading the repository targets BENCH_CLUSTERS clusters (so each proposal carries that many
// rendered diffs); then the per-cluster rendered diff alone, the hub's own function over the same trees.
// Real hub (`pnpm start`), registry, git server and Postgres, all on 127.0.0.1. BENCH_HELM_ONLY=1 runs only the
// HelmRelease rounds (no hub), with both engines: `helm template` per render, and the render helper.
import { binaryPath, helmRenderPath, pushArtifact, percentile, startGitServer, startPostgres, startRegistry } from '@flotilla/testenv';
import { markedDeployment as deployment } from '../../apps/hub-api/src/images/image-test-fixtures.js';
import { computeClusterDiffs } from '../../apps/hub-api/src/proposals/cluster-diffs.js';
import { computeHelmClusterDiffs } from '../../apps/hub-api/src/proposals/helm-cluster-diffs.js';
import { HelmTemplate } from '../../apps/hub-api/src/helm/helm-template.js';
import { loadAverage } from '../bench-main.js';
import { startBenchHub } from '../push-to-ready/hub.js';

const PUSHES = Math.min(Number(process.env.BENCH_PUSHES ?? 20), 200);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 20);
const CLUSTERS = Math.min(Number(process.env.BENCH_CLUSTERS ?? 50), 500);
const DIFF_ROUNDS = 20;
const HELM_ROUNDS = Math.max(1, Number(process.env.BENCH_HELM_ROUNDS ?? 3));
const HELM_ONLY = process.env.BENCH_HELM_ONLY === '1';

const push = (host: string, tag: string) =>
  pushArtifact({ registry: host, repository: 'bench/app', tag, config: { mediaType: 'application/vnd.oci.image.config.v1+json', data: JSON.stringify({ tag }) }, layers: [] });

// A HelmRelease whose chart is in the repository, rendered at the hub for each cluster: with the same values
// everywhere (renders shared: two per release), and with values that differ per cluster (the cluster's name
// substituted: two renders per cluster). Each round starts with a hub that rendered nothing (a first proposal:
// every render is new, and the render helper's process is started within the measured time); then the next
// proposal (1.0.1 → 1.0.2, whose base the first one rendered as its head) and the automation's next run rewriting
// that open proposal (nothing new to render). Once with `helm template` per render, once with the render helper.
async function helmRounds(image: string, clusterNames: string[]): Promise<void> {
  const helmBinary = await binaryPath('helm');
  const helperBinary = await helmRenderPath();
  const clusters = clusterNames.map((name, i) => ({ id: String(i), name, labels: {}, variables: {} }));
  const chartTree = (tag: string) =>
    new Map([
      ['charts/app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\n'],
      ['charts/app/values.yaml', `image: ${image}:${tag}\ncluster: none\n`],
      ['charts/app/templates/deployment.yaml', deployment('{{ .Values.image }}').replace('name: app\n', 'name: app\n  annotations: { cluster: {{ .Values.cluster | quote }} }\n')],
    ]);
  const change = (from: string, to: string) => ({ paths: ['charts/app/values.yaml'], trees: { base: chartTree(from), head: chartTree(to) } });
  for (const engine of ['helm template', 'render helper'] as const) {
    for (const perCluster of [false, true]) {
      const release = { namespace: 'flux-system', name: 'app', spec: { interval: '1h', chart: { spec: { chart: './charts/app', sourceRef: { kind: 'GitRepository', name: 'fleet' } } }, values: perCluster ? { cluster: '${cluster_name}' } : {} }, overlays: [], placement: { clusterNames } };
      const samples = { first: [] as number[], next: [] as number[], rerun: [] as number[] };
      const renders = { first: 0, next: 0, rerun: 0 };
      for (let i = 0; i < HELM_ROUNDS; i++) {
        const helm = new HelmTemplate(helmBinary, engine === 'render helper' ? helperBinary : undefined);
        try {
          for (const [step, from, to] of [['first', '1.0.0', '1.0.1'], ['next', '1.0.1', '1.0.2'], ['rerun', '1.0.1', '1.0.2']] as const) {
            const before = helm.processes + helm.helperRenders;
            const start = performance.now();
            const diffs = await computeHelmClusterDiffs([release], clusters, { namespace: 'flux-system', name: 'fleet' }, change(from, to), helm);
            samples[step].push(performance.now() - start);
            renders[step] = helm.processes + helm.helperRenders - before;
            if (diffs.length !== clusterNames.length || diffs.some((x) => x.changed.length !== 1)) throw new Error(`unexpected HelmRelease diff: ${JSON.stringify(diffs[0])}`);
          }
        } finally {
          helm.close();
        }
      }
      for (const step of ['first', 'next', 'rerun'] as const) {
        const h = [...samples[step]].sort((a, b) => a - b);
        const what = { first: 'a first proposal', next: 'the next proposal', rerun: 'the open proposal rewritten' }[step];
        console.log(`HelmRelease rendered diff (${engine}), ${clusterNames.length} clusters, ${perCluster ? 'values differing per cluster' : 'same values'}, ${what} (${renders[step]} renders), ${HELM_ROUNDS} rounds: p50 ${percentile(h, 50).toFixed(0)} ms, max ${h[h.length - 1]!.toFixed(0)} ms (goal < 2000 ms)`);
      }
    }
  }
}

const clusterNames = Array.from({ length: CLUSTERS }, (_, i) => `bench-${i}`);
if (HELM_ONLY) {
  await helmRounds('registry.example/bench/app', clusterNames);
  console.log(`load average at end: ${loadAverage()}`);
  process.exit(0);
}
const pg = await startPostgres();
const registry = await startRegistry();
const git = await startGitServer();
let hub: Awaited<ReturnType<typeof startBenchHub>> | undefined;
try {
  const image = `${registry.host}/bench/app`;
  await push(registry.host, '1.0.0');
  const url = await git.createRepo('fleet');
  await git.pushFiles(url, { 'apps/app.yaml': deployment(`${image}:1.0.0`) });
  hub = await startBenchHub(await pg.createDatabase());
  const gql = hub.gql.bind(hub);
  await gql(`mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, { input: { namespace: 'flux-system', name: 'fleet', url, ref: { branch: 'main' }, interval: '1h' } });
  // Registered clusters (no agents needed: a proposal renders for every cluster the placement targets).
  for (const clusterName of clusterNames)
    await gql(`mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }`, { input: { clusterName } });
  await gql(`mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`, {
    input: { namespace: 'flux-system', name: 'apps', placement: { clusterNames }, spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, path: './apps', interval: '1h', prune: true } },
  });
  const repoId = (await gql<{ createImageRepository: { id: string } }>(`mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }`, { input: { namespace: 'flux-system', name: 'app', image, interval: '1h', insecure: true } })).createImageRepository.id;
  for (;;) {
    const r = await gql<{ imageRepository: { ready: string } }>(`query($id: ID!) { imageRepository(id: $id) { ready } }`, { id: repoId });
    if (r.imageRepository.ready === 'True') break;
    await new Promise((res) => setTimeout(res, 50));
  }
  await gql(`mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id } }`, { input: { namespace: 'flux-system', name: 'app', imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '>=1.0.0' } } } });
  await gql(`mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { ready } }`, { input: { namespace: 'flux-system', name: 'apps', sourceName: 'fleet', authorName: 'bench', authorEmail: 'bench@example.com', updatePath: './apps' } });
  const samples: number[] = [];
  for (let i = 1; i <= PUSHES; i++) {
    const tag = `1.0.${i}`;
    await push(registry.host, tag);
    const start = performance.now();
    await gql(`mutation($id: ID!) { scanImageRepository(id: $id) }`, { id: repoId });
    for (;;) {
      const r = await gql<{ updateProposals: { imageChanges: { newValue: string }[]; clusterDiffs: { cluster: string }[] }[] }>(`query { updateProposals(open: true) { imageChanges { newValue } clusterDiffs { cluster } } }`);
      const p = r.updateProposals[0];
      if (p?.imageChanges[0]?.newValue === `${image}:${tag}`) {
        if (p.clusterDiffs.length !== CLUSTERS) throw new Error(`the proposal renders ${p.clusterDiffs.length} clusters, not ${CLUSTERS}`);
        break;
      }
      if (performance.now() - start > 60_000) throw new Error(`no proposal for ${tag} after 60 s`);
      await new Promise((res) => setTimeout(res, POLL_MS));
    }
    samples.push(performance.now() - start);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`tag pushed → proposal in GraphQL (scan requested at once), ${PUSHES} pushes, ${CLUSTERS} clusters targeted, poll ${POLL_MS} ms:`);
  console.log(`p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms (goal < 2000 ms)`);
  // The rendered diff alone: both revisions built for each cluster with its variables, then compared.
  const tree = (tag: string) => new Map([['apps/app.yaml', deployment(`${image}:${tag}`)]]);
  const kustomization = { namespace: 'flux-system', name: 'apps', spec: { path: './apps' }, placement: { clusterNames } };
  const clusters = clusterNames.map((name, i) => ({ id: String(i), name, labels: {}, variables: {} }));
  const diffSamples: number[] = [];
  for (let i = 0; i < DIFF_ROUNDS; i++) {
    const start = performance.now();
    const diffs = computeClusterDiffs([kustomization], clusters, { base: tree('1.0.0'), head: tree('1.0.1') });
    diffSamples.push(performance.now() - start);
    if (diffs.length !== CLUSTERS || diffs.some((d) => d.changed.length !== 1)) throw new Error('unexpected rendered diff');
  }
  const d = [...diffSamples].sort((a, b) => a - b);
  console.log(`per-cluster rendered diff, ${CLUSTERS} clusters, ${DIFF_ROUNDS} rounds: p50 ${percentile(d, 50).toFixed(1)} ms, p95 ${percentile(d, 95).toFixed(1)} ms (goal < 2000 ms)`);
  await helmRounds(image, clusterNames);
  console.log(`load average at end: ${loadAverage()}`);
} finally {
  await hub?.stop();
  await git.stop();
  await registry.stop();
  await pg.stop();
}
