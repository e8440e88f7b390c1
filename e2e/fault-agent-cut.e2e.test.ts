import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeTempDir,
  startCluster,
  startGitServer,
  startPostgres,
  startToxiproxy,
  waitFor,
  type ManagedProcess,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
  type TestToxiproxy,
  type ToxiproxyProxy,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { createRegistrationToken, loginAsAdmin, type HubSession } from './support/hub-session.js';
import { kubectlFor } from './support/kubectl.js';
import { clusterView, createGitSource, createPlacedKustomization, fetchSourceNow, sourceRevision } from './support/placed-kustomization.js';
import { configMap, deployment } from './support/manifests.js';

// The agent cut off from the hub for 60 s (Toxiproxy blackholes its connection: nothing answers, nothing closes)
// while its cluster drifts and its Kustomization fails and recovers in the cluster, and a broken commit lands at
// the hub. Real hub (`pnpm start`), Postgres, git server, kube-apiserver and the real agent process, whose outbox
// is bounded to a few events so that drops happen. The figures are printed as one `fault-figures` line.

// bench/fault-soak runs the same test with a ten-minute cut.
const CUT_MS = Number(process.env.FLOTILLA_FAULT_CUT_MS ?? 60_000);
let attempt = 0;

describe('fault: the agent is cut off from the hub for a minute', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let cluster: TestCluster;
  let toxi: TestToxiproxy;
  let link: ToxiproxyProxy;
  let hub: RunningHub;
  let agent: ManagedProcess | undefined;
  let k: (...args: string[]) => Promise<string>;

  beforeAll(async () => {
    [pg, git, cluster, toxi] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' }), startCluster({ name: 'fault-cut', nodes: 1 }), startToxiproxy()]);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 3_000 });
    link = await toxi.api.createProxy('agent-hub', `127.0.0.1:${hub.port}`);
    k = await kubectlFor(cluster.kubeconfigPath);
  }, 180_000);
  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await Promise.allSettled([toxi?.stop(), cluster?.stop(), git?.stop(), pg?.stop()]);
  });

  it('keeps correcting drift, holds its reports in a bounded outbox (drops counted and reported), and afterwards the hub shows what the cluster has; a broken commit prunes nothing', async () => {
    // Names of their own per attempt, as the e2e project retries a failed test once.
    await agent?.stop();
    await toxi.api.reset();
    const n = ++attempt;
    const [REPO, NS, CLUSTER] = [`fleet-${n}`, `fault-ns-${n}`, `edge-cut-${n}`];
    const workDir = await makeTempDir('e2e-fault-cut');
    const url = await git.createRepo(REPO);
    await git.pushFiles(REPO, { 'apps/nginx.yaml': deployment('default', 'nginx', 2), 'apps/settings.yaml': configMap(NS, 'settings', { mode: 'one' }) });
    await k('create', 'namespace', NS);

    const session: HubSession = await loginAsAdmin(hub.url, hub.adminPassword);
    const reg = await createRegistrationToken(session, CLUSTER);
    const sourceId = await createGitSource(session, { name: REPO, url, username: git.credentials.username, password: git.credentials.password });
    await createPlacedKustomization(session, `apps-${n}`, [CLUSTER], { sourceRef: { kind: 'GitRepository', name: REPO }, path: './apps', interval: '5s', retryInterval: '2s', prune: true });
    agent = startAgent({
      command: reg.agentCommand,
      hubUrl: `http://${link.listen}`,
      kubeconfigPath: cluster.kubeconfigPath,
      stateFile: path.join(workDir, 'credential.json'),
      logDir: workDir,
      withToken: true,
      extraArgs: ['--cache-dir', path.join(workDir, 'cache'), '--outbox-max-events', '4'],
    });
    const first = await waitFor(async () => sourceRevision(session, sourceId), { timeoutMs: 30_000, what: 'the source to be fetched' });
    const view = () => clusterView(session, reg.clusterId);
    const apps = async () => (await view()).kustomizations.find((s) => s.kustomization.name === `apps-${n}`);
    await waitFor(async () => ((await apps())?.lastAppliedRevision === first && (await apps())?.ready === 'True' ? true : undefined), {
      timeoutMs: 60_000,
      watch: [agent],
      what: 'apps Ready at the first revision',
    });
    const replicas = async () => Number(await k('get', 'deployment', 'nginx', '-n', 'default', '-o', 'jsonpath={.spec.replicas}'));
    const settings = async () => k('get', 'configmap', 'settings', '-n', NS, '--ignore-not-found', '-o', 'name');
    const nginxUid = await k('get', 'deployment', 'nginx', '-n', 'default', '-o', 'jsonpath={.metadata.uid}');

    // The cut: nothing passes either way, and nothing closes.
    const cutAt = Date.now();
    await link.addToxic({ type: 'timeout', attributes: { timeout: 0 } }, { stream: 'upstream', name: 'cut-up' });
    await link.addToxic({ type: 'timeout', attributes: { timeout: 0 } }, { stream: 'downstream', name: 'cut-down' });
    await waitFor(async () => ((await view()).connectionState === 'DISCONNECTED' ? true : undefined), { timeoutMs: 20_000, what: 'the hub to see the agent gone' });
    const hubSawCutMs = Date.now() - cutAt;

    // Rounds of trouble until the cut has lasted CUT_MS (at least one): someone scales the Deployment and the
    // agent scales it back on its own; the Kustomization fails (its ConfigMap's namespace is deleted) and
    // recovers (the namespace returns).
    const driftCorrectedMs: number[] = [];
    const recoveredMs: number[] = [];
    let broken = '';
    do {
      await k('scale', 'deployment', 'nginx', '-n', 'default', `--replicas=${5 + driftCorrectedMs.length}`);
      const scaledAt = Date.now();
      await waitFor(async () => ((await replicas()) === 2 ? true : undefined), { timeoutMs: 30_000, watch: [agent], what: 'the drift to be corrected' });
      driftCorrectedMs.push(Date.now() - scaledAt);

      await k('delete', 'namespace', NS, '--wait=true');
      await new Promise((r) => setTimeout(r, 6_000)); // a few failed retries
      await k('create', 'namespace', NS);
      const nsBackAt = Date.now();
      await waitFor(async () => ((await settings()) !== '' ? true : undefined), { timeoutMs: 30_000, watch: [agent], what: 'the ConfigMap to be applied again' });
      recoveredMs.push(Date.now() - nsBackAt);

      if (!broken) {
        // A broken commit lands at the hub meanwhile; the agent cannot fetch it yet.
        broken = await git.pushFiles(REPO, { 'apps/kustomization.yaml': 'resources: [nginx.yaml, settings.yaml, missing.yaml]\n' }, { message: 'broken' });
        await fetchSourceNow(session, sourceId);
      }
    } while (Date.now() - cutAt < CUT_MS - 20_000);
    await new Promise((r) => setTimeout(r, Math.max(0, CUT_MS - (Date.now() - cutAt))));
    expect(await replicas()).toBe(2);

    await link.removeToxic('cut-up');
    await link.removeToxic('cut-down');
    const restoredAt = Date.now();
    await waitFor(async () => ((await view()).connectionState === 'CONNECTED' ? true : undefined), { timeoutMs: 60_000, watch: [agent], what: 'the agent to reconnect' });
    const reconnectMs = Date.now() - restoredAt;

    // The broken revision fails to build: Ready=False, and nothing is pruned (flux.md §2: prune only after a successful apply).
    await waitFor(async () => ((await apps())?.lastAttemptedRevision?.endsWith(broken) && (await apps())?.ready === 'False' ? true : undefined), {
      timeoutMs: 60_000,
      watch: [agent],
      what: 'the broken revision reported as failed',
    });
    expect(await k('get', 'deployment', 'nginx', '-n', 'default', '-o', 'jsonpath={.metadata.uid}')).toBe(nginxUid);
    expect(await settings()).not.toBe('');

    // What the outbox held arrives, and how many events it dropped.
    const events = (await view()).events;
    const inCut = events.filter((e) => Date.parse(e.occurredAt) >= cutAt && Date.parse(e.occurredAt) <= restoredAt);
    const dropped = events.find((e) => e.reason === 'EventsDropped');
    const seen = JSON.stringify(inCut.map((e) => `${e.severity} ${e.reason}: ${e.message.slice(0, 100)}`));
    // The newest reports of the cut are held (the last recovery); the oldest went over the cap, and the failures
    // among them (an identical error is reported once in five minutes) are counted in the note.
    expect(inCut.some((e) => e.message === `ConfigMap/${NS}/settings created`), seen).toBe(true);
    expect(dropped?.message, seen).toMatch(/^\d+ events? .*dropped/);

    // Fixed: Ready at the new revision, and the hub's view equals the cluster's.
    const fixed = await git.pushFiles(REPO, { 'apps/kustomization.yaml': 'resources: [nginx.yaml, settings.yaml]\n' }, { message: 'fixed' });
    await fetchSourceNow(session, sourceId);
    const fixedAt = Date.now();
    await waitFor(async () => ((await apps())?.lastAppliedRevision?.endsWith(fixed) && (await apps())?.ready === 'True' ? true : undefined), {
      timeoutMs: 60_000,
      watch: [agent],
      what: 'Ready at the fixed revision',
    });
    const fixedReadyMs = Date.now() - fixedAt;
    const final = await apps();
    expect(final?.inventory.map((e) => e.id).sort()).toEqual(['default_nginx_apps_Deployment', `${NS}_settings__ConfigMap`]);
    expect(await replicas()).toBe(2);
    expect(await settings()).toBe('configmap/settings');

    console.log(
      `fault-figures agent-cut ${JSON.stringify({
        cutMs: restoredAt - cutAt,
        hubSawCutMs,
        rounds: driftCorrectedMs.length,
        driftCorrectedMs: Math.max(...driftCorrectedMs),
        recoveredMs: Math.max(...recoveredMs),
        reconnectMs,
        fixedReadyMs,
        eventsInCutDelivered: inCut.length,
        droppedReport: dropped?.message,
      })}`,
    );
  }, 240_000 + CUT_MS);
});
