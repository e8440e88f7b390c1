import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
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
import { createRegistrationToken, loginAsAdmin, type HubSession, type RegistrationToken } from './support/hub-session.js';
import { kubectlFor } from './support/kubectl.js';
import { configMap } from './support/manifests.js';
import { clusterView, createGitSource, createPlacedKustomization, fetchSourceNow, sourceRevision } from './support/placed-kustomization.js';

// Broken storage on either side, with real parts (hub, Postgres, git server, kube-apiserver, the agent process,
// Toxiproxy between agent and hub): a corrupted artifact at the hub, a half-written artifact in the agent's
// cache, and an outbox file that cannot grow. Each ends in a clear condition and prunes nothing.
// The tests run in order and share one cluster, Kustomization and agent.

const run = promisify(execFile);
const REPO = 'storage';
const NS = 'storage';
const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const files = (entries: Record<string, string>): Record<string, string> =>
  Object.fromEntries([
    ['apps/namespace.yaml', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } })],
    ...Object.entries(entries).map(([name, value]) => [`apps/${name}.yaml`, configMap(NS, name, { value })]),
  ]);

describe('fault: broken storage (corrupted artifact, half-written cache file, outbox that cannot grow)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let cluster: TestCluster;
  let toxi: TestToxiproxy;
  let link: ToxiproxyProxy;
  let hub: RunningHub;
  let session: HubSession;
  let reg: RegistrationToken;
  let sourceId = '';
  let agent: ManagedProcess | undefined;
  let workDir = '';
  let k: (...args: string[]) => Promise<string>;

  const launchAgent = (withToken: boolean): ManagedProcess =>
    (agent = startAgent({
      command: reg.agentCommand,
      hubUrl: `http://${link.listen}`,
      kubeconfigPath: cluster.kubeconfigPath,
      stateFile: path.join(workDir, 'credential.json'),
      logDir: workDir,
      withToken,
      extraArgs: ['--cache-dir', path.join(workDir, 'cache')],
    }));
  const status = async () => (await clusterView(session, reg.clusterId, 50)).kustomizations[0];
  const uid = async (name: string): Promise<string> => k('get', 'configmap', name, '-n', NS, '--ignore-not-found', '-o', 'jsonpath={.metadata.uid}');
  const artifactDigest = async (): Promise<string> => {
    const { gitRepository } = await session.gql<{ gitRepository: { artifact: { digest: string } } }>('query($id: ID!) { gitRepository(id: $id) { artifact { digest } } }', { id: sourceId });
    return gitRepository.artifact.digest;
  };
  /** Pushes, has the hub fetch at once, and resolves with the new revision once the hub has its artifact. */
  const publish = async (entries: Record<string, string>, message: string): Promise<string> => {
    const sha = await git.pushFiles(REPO, files(entries), { message, replaceAll: true });
    await fetchSourceNow(session, sourceId);
    return waitFor(async () => ((await sourceRevision(session, sourceId))?.endsWith(sha) ? sha : undefined), { timeoutMs: 30_000, what: `the hub to fetch ${message}` });
  };
  const readyAt = (sha: string) =>
    waitFor(async () => ((await status())?.lastAppliedRevision?.endsWith(sha) && (await status())?.ready === 'True' ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 250,
      watch: agent ? [agent] : [],
      what: `Ready at ${sha}`,
    });

  beforeAll(async () => {
    [pg, git, cluster, toxi] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' }), startCluster({ name: 'fault-storage', nodes: 1 }), startToxiproxy()]);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 3_000 });
    link = await toxi.api.createProxy('agent-hub', `127.0.0.1:${hub.port}`);
    k = await kubectlFor(cluster.kubeconfigPath);
    workDir = await makeTempDir('e2e-fault-storage');
    const url = await git.createRepo(REPO);
    await git.pushFiles(REPO, files({ a: '1', b: '1' }));
    session = await loginAsAdmin(hub.url, hub.adminPassword);
    reg = await createRegistrationToken(session, 'edge-storage');
    sourceId = await createGitSource(session, { name: REPO, url, username: git.credentials.username, password: git.credentials.password });
    await createPlacedKustomization(session, 'apps', ['edge-storage'], { sourceRef: { kind: 'GitRepository', name: REPO }, path: './apps', interval: '5s', retryInterval: '2s', prune: true });
    launchAgent(true);
    const first = await waitFor(async () => sourceRevision(session, sourceId), { timeoutMs: 30_000, what: 'the first revision' });
    await readyAt(first.slice(first.indexOf(':') + 1));
  }, 180_000);
  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await Promise.allSettled([toxi?.stop(), cluster?.stop(), git?.stop(), pg?.stop()]);
  });

  it('a corrupted artifact at the hub (digest mismatch) → Ready=False ArtifactFailed naming it, nothing applied, nothing pruned; the right bytes back → it converges (flux.md §1.6 ArtifactFailed)', async () => {
    const [a, b] = [await uid('a'), await uid('b')];
    // The agent is away while the hub stores the new artifact, which is then damaged on the hub's disk.
    await link.setEnabled(false);
    const second = await publish({ a: '2', c: '2' }, 'b goes, c comes');
    const digest = await artifactDigest();
    const hex = digest.slice('sha256:'.length);
    const file = path.join(hub.dataDir, 'artifacts', 'sha256', hex.slice(0, 2), `${hex}.tar.gz`);
    const good = await readFile(file);
    const bad = Buffer.from(good);
    const middle = bad.length >> 1;
    bad.writeUInt8(bad.readUInt8(middle) ^ 0xff, middle);
    await writeFile(file, bad);
    await link.setEnabled(true);

    const failed = await waitFor(async () => ((await status())?.reason === 'ArtifactFailed' ? await status() : undefined), { timeoutMs: 60_000, watch: [agent!], what: 'ArtifactFailed' });
    expect(failed?.ready).toBe('False');
    expect(failed?.message).toContain(`artifact digest mismatch for revision main@sha1:${second}: expected ${digest}, got ${sha256(bad)}`);
    expect([await uid('a'), await uid('b'), await uid('c')]).toEqual([a, b, '']);
    // Nothing of the bad bytes is kept in the agent's cache.
    expect(existsSync(path.join(workDir, 'cache', 'artifacts', `${hex}.tar.gz`))).toBe(false);
    expect(await k('get', 'configmap', 'a', '-n', NS, '-o', 'jsonpath={.data.value}')).toBe('1');

    await writeFile(file, good);
    const repairedAt = Date.now();
    await readyAt(second);
    console.log(`fault-figures corrupted-artifact ${JSON.stringify({ pruned: 0, repairedToReadyMs: Date.now() - repairedAt })}`);
    expect(await uid('a')).toBe(a);
    expect(await uid('b')).toBe(''); // pruned now that the revision without it was applied
    expect(await uid('c')).not.toBe('');
  }, 120_000);

  it('a half-written artifact in the agent’s cache (cut off at half its size) → found by its digest on restart, downloaded again, nothing pruned', async () => {
    const [a, c] = [await uid('a'), await uid('c')];
    const digest = await artifactDigest();
    const cached = path.join(workDir, 'cache', 'artifacts', `${digest.slice('sha256:'.length)}.tar.gz`);
    await agent!.stop();
    await truncate(cached, (await stat(cached)).size >> 1);
    // Drift while the agent is down, so that its first run after the restart must apply from the artifact.
    await k('patch', 'configmap', 'a', '-n', NS, '--type=merge', '-p', '{"data":{"value":"drifted"}}');
    const restartedAt = Date.now();
    launchAgent(false);
    await waitFor(async () => ((await k('get', 'configmap', 'a', '-n', NS, '-o', 'jsonpath={.data.value}')) === '2' ? true : undefined), {
      timeoutMs: 60_000,
      watch: [agent!],
      what: 'the drift corrected from a good artifact',
    });
    console.log(`fault-figures half-written-cache ${JSON.stringify({ pruned: 0, restartToCorrectedMs: Date.now() - restartedAt })}`);
    expect(sha256(await readFile(cached))).toBe(digest);
    expect([await uid('a'), await uid('c')]).toEqual([a, c]);
    expect((await status())?.ready).toBe('True');
  }, 90_000);

  it('an outbox file that cannot grow (RLIMIT_FSIZE set with prlimit on the running agent: the kernel refuses writes past it with EFBIG) → the error is logged, the agent goes on applying and reporting, nothing pruned', async () => {
    // A tmpfs of a few KB would be the truer full disk, but mounting one needs root; a per-file size limit is
    // what any user can set, and the kernel refuses the outbox's appends past it as it would on a full disk.
    const [a, c] = [await uid('a'), await uid('c')];
    const outbox = path.join(workDir, 'cache', 'outbox', `${reg.clusterId.replace(/[^A-Za-z0-9_-]/g, '_')}.jsonl`);
    const assignment = path.join(workDir, 'credential.assignment.json');
    const limit = Math.max((await stat(outbox)).size, (await stat(assignment)).size) + 4096;
    // The limit holds for every file the agent writes, its log (stderr) too: the log starts afresh, and the
    // outbox outgrows it (each revision's change-set event names 30 long-named objects).
    await truncate(agent!.logPath, 0);
    const { stdout } = await run('pgrep', ['-g', String(agent!.pid)]);
    for (const pid of stdout.split('\n').filter(Boolean)) await run('prlimit', ['--pid', pid, `--fsize=${limit}:${limit}`]);

    const padding = Array.from({ length: 30 }, (_, j) => `padding-object-with-a-long-name-${j}`);
    for (let i = 3; i <= 8; i++) {
      const last = await publish({ a: String(i), c: String(i), ...Object.fromEntries(padding.map((p) => [p, String(i)])) }, `revision ${i}`);
      await readyAt(last);
    }
    const log = await readFile(agent!.logPath, 'utf8');
    expect(log).toContain('cannot write the report outbox');
    expect(log).toMatch(/EFBIG|too large/);
    expect((await status())?.inventory.map((e) => e.id).sort()).toEqual([`_${NS}__Namespace`, ...['a', 'c', ...padding].map((n) => `${NS}_${n}__ConfigMap`)].sort());
    expect([await uid('a'), await uid('c')]).toEqual([a, c]);
    expect((await stat(outbox)).size).toBeLessThanOrEqual(limit);
    console.log(`fault-figures outbox-size-limit ${JSON.stringify({ limitBytes: limit, storageErrorsLogged: log.split('cannot write the report outbox').length - 1, pruned: 0 })}`);
  }, 120_000);
});
