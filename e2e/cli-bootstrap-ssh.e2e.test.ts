import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryPath,
  makeTempDir,
  type ManagedProcess,
  startCluster,
  startGitServer,
  startGitSshServer,
  startPostgres,
  startSshAgent,
  type TestCluster,
  type TestGitServer,
  type TestGitSshServer,
  type TestPostgres,
  type TestSshAgent,
} from '@flotilla/testenv';
import { runFlotilla, runFlotillaOnTerminal, type CliRun } from './support/cli-process.js';
import { startBootstrapHub, startBootstrappedAgent, type BootstrapHub } from './support/bootstrap-setup.js';

// `flotilla bootstrap git` over ssh:// against a real hub, a real kube-apiserver and OpenSSH's sshd serving the
// git server's repositories (read-write keys may push, a read-only key may only fetch). As in the https test,
// the agent runs as a process with the cluster's kubeconfig once bootstrap applied its manifests; it fetches
// the sync pair over ssh with the Secret bootstrap created. Without --private-key-file, as flux's bootstrap,
// the CLI pushes through the SSH agent SSH_AUTH_SOCK names (real ssh-agents the test starts and stops) and
// the deploy key is the cluster's only; the server authorizes that key read-only to show read access suffices.
const run = promisify(execFile);

describe('flotilla bootstrap git over ssh', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let sshd: TestGitSshServer;
  let cluster: TestCluster;
  let hub: BootstrapHub['hub'];
  let fleet: BootstrapHub;
  let agent: ManagedProcess | undefined;
  /** ssh-agents: one holding the server's read-write key, one a key it does not know, one holding nothing. */
  let sshAgent: TestSshAgent | undefined;
  let strangerAgent: TestSshAgent | undefined;
  let emptyAgent: TestSshAgent | undefined;
  let home = '';
  let env: Record<string, string> = {};
  let url = '';
  let fingerprint = '';
  const file = (name: string) => path.join(home, name);
  const cli = (args: string[]): Promise<CliRun> => runFlotilla(args, { home, env, timeoutMs: 400_000 });
  const kubectl = async (...args: string[]) => (await run(await binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout.trim();
  const log = () => run('git', ['--git-dir', path.join(git.reposDir, 'fleet.git'), 'log', '--format=%H %s', 'main']).then((r) => r.stdout.trim());
  const flags = (key: string, extra: string[] = []) => [
    'bootstrap', 'git', '--url', url, '--path', 'clusters/edge', '--private-key-file', file(key),
    '--author-name', 'Flotilla Bot', '--author-email', 'bot@example.com', '--kubeconfig', cluster.kubeconfigPath, '--cluster-name', 'edge', ...extra,
  ];
  const trusted = ['--known-hosts-file', 'known_hosts'];
  /** The flags without --private-key-file: the key is the cluster Secret's, else a generated deploy key. */
  const keyless = (extra: string[] = []) => flags('client', extra).filter((a, i, all) => a !== '--private-key-file' && all[i - 1] !== '--private-key-file');
  const onTerminal = (args: string[], answer: (output: string) => Promise<string | undefined>, runEnv = env) => runFlotillaOnTerminal(args, { home, env: runEnv, timeoutMs: 400_000 }, answer);
  const QUESTION = 'Please give the key write access to your repository (a deploy key allowed to push). Done [y/N] ';
  // flux's own question ("Please give the key access to your repository"): with the agent pushing, reading is enough.
  const AGENT_QUESTION = 'Please give the key access to your repository (read access suffices: bootstrap pushes through your SSH agent). Done [y/N] ';
  const NO_AGENT = (why: string) => `⚠ no SSH agent to push through (${why}): the deploy key pushes itself, so it needs write access\n`;
  const THROUGH_AGENT = '✔ pushing through your SSH agent (1 identity); the deploy key is given to the cluster only\n';
  const withAgent = (a: TestSshAgent | undefined) => ({ ...env, SSH_AUTH_SOCK: a!.socket });
  const publicKeyIn = (output: string) => /✔ public key: (\S+ \S+)\n/.exec(output)?.[1];
  /** Answers the deploy key question once, as a person does on the forge: adds the printed key with `mode` access, then says yes. */
  const givingAccess = (question: string, mode: 'rw' | 'ro') => {
    const seen: { printed?: string } = {};
    const answer = async (output: string) => {
      if (seen.printed || !output.includes(question)) return undefined;
      const printed = publicKeyIn(output)!;
      await sshd.authorize(printed, mode);
      seen.printed = printed;
      return 'y\n';
    };
    return { answer, seen };
  };
  const hubClusters = async () => (await fleet.clusters()).map(({ name, connectionState }) => ({ name, connectionState }));
  const secretData = async () => {
    const raw = JSON.parse(await kubectl('get', 'secret', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.data}')) as Record<string, string>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  };
  const nothingChanged = async (before: string, r: CliRun) => {
    expect(await hubClusters()).toEqual([]);
    expect(await log()).toBe(before);
    await expect(kubectl('get', 'namespace', 'flotilla-system')).rejects.toThrow(/NotFound/);
    // The key never reaches the output, whatever happened.
    expect(r.stdout + r.stderr).not.toContain('PRIVATE KEY');
  };

  beforeAll(async () => {
    home = await makeTempDir('cli-bootstrap-ssh');
    [pg, git, cluster] = await Promise.all([startPostgres(), startGitServer(), startCluster({ name: 'bootstrap-ssh', nodes: 1 })]);
    sshd = await startGitSshServer(git);
    fleet = await startBootstrapHub(pg);
    hub = fleet.hub;
    env = fleet.env;
    await git.createRepo('fleet');
    await git.pushFiles('fleet', { 'README.md': 'fleet\n' });
    url = sshd.urlOf('fleet');
    const stranger = await sshd.newKey();
    const otherHost = await sshd.newKey('other-host');
    for (const [name, content] of [
      ['client', sshd.clientKey.identity],
      ['encrypted', sshd.encryptedKey.identity],
      ['read-only', sshd.readOnlyKey.identity],
      ['stranger', stranger.identity],
    ] as const)
      await writeFile(file(name), content, { mode: 0o600 });
    await writeFile(file('known_hosts'), sshd.knownHosts);
    await writeFile(file('wrong_known_hosts'), `[127.0.0.1]:${sshd.port} ${otherHost.identityPub.split(' ').slice(0, 2).join(' ')}\n`);
    fingerprint = (await run('ssh-keygen', ['-l', '-f', file('known_hosts')])).stdout.split(' ')[1]!;
    trusted[1] = file('known_hosts');
    [sshAgent, strangerAgent, emptyAgent] = await Promise.all([startSshAgent(), startSshAgent(), startSshAgent()]);
    await sshAgent.add(sshd.clientKey.identity);
    await strangerAgent.add(stranger.identity);
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled([sshAgent?.stop(), strangerAgent?.stop(), emptyAgent?.stop()]);
    await agent?.stop();
    await hub?.stop();
    await sshd?.stop();
    await Promise.allSettled([cluster?.stop(), git?.stop(), pg?.stop()]);
  });

  it('--help describes the ssh flags (read with its line wrapping undone)', async () => {
    const r = await cli(['bootstrap', 'git', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['ssh://user@host[:port]/path', '--private-key-file', '--known-hosts-file', '--ssh-hostname', '--silent', 'passphrase of --private-key-file', 'pushes through your SSH agent (SSH_AUTH_SOCK']) expect(r.stdout.replace(/\s+/g, ' ')).toContain(flag);
  });

  it('a key the server does not authorize stops it before any change: exit 3 naming what it needs, nothing in git, the cluster or the hub', async () => {
    const before = await log();
    const r = await cli(flags('stranger', trusted));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      `✗ checking write access to the git repository: ssh: unable to authenticate with the given identity (permission denied): the key given (--private-key-file) cannot push to ${url}; bootstrap needs a key with write access to branch "main" (a deploy key allowed to push)\n`,
    );
    await nothingChanged(before, r);
  }, 120_000);

  it('a read-only deploy key stops it before any change: exit 3 with the server’s words', async () => {
    const before = await log();
    const r = await cli(flags('read-only', trusted));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      `✗ checking write access to the git repository: the git server refused git-receive-pack (ERROR: The key you are authenticating with has been marked as read only.): the key given (--private-key-file) cannot push to ${url}; bootstrap needs a key with write access to branch "main"`,
    );
    await nothingChanged(before, r);
  }, 120_000);

  it('a host key other than the one in --known-hosts-file is refused before authenticating: exit 3, nothing changed', async () => {
    const before = await log();
    const r = await cli(flags('client', ['--known-hosts-file', file('wrong_known_hosts')]));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      `✗ checking write access to the git repository: ssh: handshake failed: knownhosts: key mismatch (the host key differs from the one in known_hosts): the SSH server at ${url} is not the one the known hosts name (--known-hosts-file, or the scanned key); nothing was sent to it\n`,
    );
    await nothingChanged(before, r);
  }, 120_000);

  it('without --known-hosts-file the scanned host key’s fingerprint is printed, and without a terminal to confirm it nothing is contacted: exit 2', async () => {
    const before = await log();
    const r = await cli(flags('client'));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      `► scanning the SSH host key of [127.0.0.1]:${sshd.port}\n  [127.0.0.1]:${sshd.port} ssh-ed25519 ${fingerprint}\n` +
        `✗ no terminal to confirm the SSH host key of [127.0.0.1]:${sshd.port} on: give its known_hosts with --known-hosts-file, or -s/--silent to trust the scanned key\n`,
    );
    await nothingChanged(before, r);
  }, 120_000);

  it('an encrypted key without --password is a usage error before anything is contacted: exit 2', async () => {
    const before = await log();
    const r = await cli(flags('encrypted', trusted));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe('✗ --private-key-file: the key is encrypted: give its passphrase with --password (or GIT_PASSWORD)\n');
    await nothingChanged(before, r);
  });

  it('without --private-key-file and with no Secret in the cluster: a deploy key is generated (flux’s default ecdsa p384) and its public key printed; without a terminal to confirm it on, exit 2 and nothing changed', async () => {
    const before = await log();
    const r = await cli(keyless(trusted));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(NO_AGENT('SSH_AUTH_SOCK is not set'));
    expect(r.stderr).toMatch(/\n✚ generating a deploy key \(ecdsa p384\)\n✔ public key: ecdsa-sha2-nistp384 AAAA[A-Za-z0-9+/=]+\n✗ no terminal to confirm the deploy key on: run bootstrap on a terminal, or give a key that has write access with --private-key-file \(ssh-keygen makes one\); nothing was changed\n$/);
    await nothingChanged(before, r);
  }, 120_000);

  it('an SSH agent holding no key is no agent to push through: a generated deploy key confirmed on the terminal but never given access, the push check stops it, exit 3, nothing changed (--ssh-key-algorithm ed25519)', async () => {
    const before = await log();
    let answered = false;
    const r = await onTerminal(keyless([...trusted, '--ssh-key-algorithm', 'ed25519']), async (output) => (!answered && output.includes(QUESTION) ? ((answered = true), 'y\n') : undefined), withAgent(emptyAgent));
    expect(r.code, r.output).toBe(3);
    expect(r.output).toContain(NO_AGENT(`the SSH agent at ${emptyAgent!.socket} holds no identity`));
    expect(publicKeyIn(r.output)).toMatch(/^ssh-ed25519 /);
    expect(r.output).toContain(`the generated deploy key (its public key is printed above) cannot push to ${url}; bootstrap needs a key with write access to branch "main"`);
    await nothingChanged(before, { code: r.code, stdout: '', stderr: r.output });
  }, 120_000);

  it('flux bootstrap git without --private-key-file pushes through the SSH agent: an agent whose keys the server refuses stops it at the push check naming the agent and the fix, exit 3, nothing changed', async () => {
    const before = await log();
    const r = await runFlotilla(keyless([...trusted, '--silent']), { home, env: withAgent(strangerAgent), timeoutMs: 400_000 });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(THROUGH_AGENT);
    expect(r.stderr).toContain(
      `✗ checking write access to the git repository: ssh: unable to authenticate with the given identity (permission denied): the identities of your SSH agent (SSH_AUTH_SOCK) cannot push to ${url}; without --private-key-file bootstrap pushes through your SSH agent: add a key with write access to branch "main" to it (ssh-add <file>), or give one with --private-key-file\n`,
    );
    await nothingChanged(before, r);
  }, 120_000);

  let firstHead = '';

  it('first run: commits over ssh, creates Flux’s ssh Secret (identity, identity.pub, known_hosts) in the cluster, and the agent reconciles the sync pair from the ssh URL with it', async () => {
    let finished: CliRun | undefined;
    const running = cli(flags('client', trusted)).then((r) => (finished = r));
    const deadline = Date.now() + 300_000;
    while (!finished && !(await kubectl('get', 'kustomization', 'flotilla-system', '-n', 'flotilla-system', '-o', 'name').catch(() => ''))) {
      if (Date.now() > deadline) throw new Error('bootstrap did not apply the sync pair');
      await new Promise((r) => setTimeout(r, 1000));
    }
    agent = startBootstrappedAgent(hub.url, cluster, home);
    const r = await running;
    expect(r.code, `${r.stderr}\nagent log: ${agent.logPath}`).toBe(0);
    expect(r.stderr).toContain(`► checking write access to branch "main" of ${url}\n✔ the repository accepts pushes\n`);
    expect(r.stderr).toContain('✔ pushed to "main"\n');
    expect(r.stderr).toContain('✔ source secret flotilla-system/flotilla-system created\n');
    expect(r.stderr).toMatch(/✔ Kustomization reconciled successfully\n$/);
    expect(r.stdout + r.stderr).not.toContain('PRIVATE KEY');
    const lines = (await log()).split('\n');
    expect(lines.map((l) => l.slice(41))).toEqual(['Add Flotilla sync manifests', 'Add Flotilla agent 0.1.0 component manifests', 'update README.md']);
    firstHead = lines[0]!.slice(0, 40);

    // Flux's bootstrap over ssh: the GitRepository reads the ssh URL with secretRef to the namespace-named Secret.
    const sync = (await run('git', ['--git-dir', path.join(git.reposDir, 'fleet.git'), 'show', 'main:clusters/edge/flotilla-system/flotilla-sync.yaml'])).stdout;
    expect(sync).toContain(`  secretRef:\n    name: flotilla-system\n  url: ${url}\n`);
    expect(sync).not.toMatch(/PRIVATE KEY|identity/);
    const data = await secretData();
    expect(Object.keys(data).sort()).toEqual(['identity', 'identity.pub', 'known_hosts']);
    expect(data.identity).toBe(sshd.clientKey.identity);
    expect(data['identity.pub']).toBe(`${sshd.clientKey.identityPub.split(' ').slice(0, 2).join(' ')}\n`);
    expect(data.known_hosts).toBe(sshd.knownHosts);
    const status = (kind: string, field: string) => kubectl('get', kind, 'flotilla-system', '-n', 'flotilla-system', '-o', `jsonpath=${field}`);
    expect(await status('gitrepository', '{.spec.url}')).toBe(url);
    expect(await status('gitrepository', '{.status.artifact.revision}')).toBe(`main@sha1:${firstHead}`);
    expect(await status('kustomization', '{.status.lastAppliedRevision}')).toBe(`main@sha1:${firstHead}`);
    expect(await hubClusters()).toEqual([{ name: 'edge', connectionState: 'CONNECTED' }]);
  }, 400_000);

  it('second run with the same flags: no commit, the Secret and the sync pair unchanged', async () => {
    const state = () => kubectl('get', 'gitrepository/flotilla-system', 'kustomization/flotilla-system', 'secret/flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.resourceVersion}/{.metadata.generation}{"\\n"}{end}');
    const before = { log: await log(), secret: await kubectl('get', 'secret', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.metadata.resourceVersion}') };
    const generations = (await state()).replace(/=\d+\//g, '=/');
    const r = await cli(flags('client', trusted));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('✔ the manifests in git are up to date\n');
    expect(r.stderr).toContain('✔ source secret flotilla-system/flotilla-system up to date\n');
    expect(r.stderr).toContain('✔ the agent manages itself from git; nothing to change\n');
    expect(await log()).toBe(before.log);
    expect(await kubectl('get', 'secret', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.metadata.resourceVersion}')).toBe(before.secret);
    expect((await state()).replace(/=\d+\//g, '=/')).toBe(generations);
  }, 300_000);

  it('an encrypted key with --password, its host key scanned with --silent, and a new --agent-version: one commit, the Secret gets the key and its password, the agent upgrades from git fetching with them', async () => {
    const r = await cli(flags('encrypted', ['--password', sshd.encryptedKey.password, '--silent', '--agent-version', '0.2.0']));
    expect(r.code, r.stderr).toBe(0);
    // The fingerprint is printed even though --silent trusts it without asking.
    expect(r.stderr).toContain(`► scanning the SSH host key of [127.0.0.1]:${sshd.port}\n  [127.0.0.1]:${sshd.port} ssh-ed25519 ${fingerprint}\n`);
    expect(r.stderr).toContain('✔ source secret flotilla-system/flotilla-system configured\n');
    expect(r.stdout + r.stderr).not.toContain(sshd.encryptedKey.password);
    const lines = (await log()).split('\n');
    expect(lines[0]!.slice(41)).toBe('Add Flotilla agent 0.2.0 component manifests');
    expect(lines[1]!.slice(0, 40)).toBe(firstHead);
    const head = lines[0]!.slice(0, 40);
    const data = await secretData();
    expect(Object.keys(data).sort()).toEqual(['identity', 'identity.pub', 'known_hosts', 'password']);
    expect(data.identity).toBe(sshd.encryptedKey.identity);
    expect(data.password).toBe(sshd.encryptedKey.password);
    // The scanned host key is the one the server presents: the same line as the trusted known_hosts.
    expect(data.known_hosts).toBe(sshd.knownHosts);
    expect(r.stderr).toContain(`✔ the agent manages itself from git: it was asked to apply main@sha1:${head} now\n`);
    expect(r.stderr).toMatch(/✔ Kustomization reconciled successfully\n$/);
    expect(await kubectl('get', 'gitrepository', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.status.artifact.revision}')).toBe(`main@sha1:${head}`);
    expect(await kubectl('get', 'deployment', 'flotilla-agent', '-n', 'flotilla-system', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).toBe('flotilla/agent:0.2.0');
  }, 300_000);
  it('without --private-key-file the key of the cluster’s Secret is used: nothing generated, nothing asked, nothing to change', async () => {
    const before = await log();
    // The agent version of the run before, so that only the key is in question.
    const r = await cli(keyless([...trusted, '--agent-version', '0.2.0']));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`✔ using the SSH key of Secret flotilla-system/flotilla-system: ${sshd.encryptedKey.identityPub.split(' ').slice(0, 2).join(' ')}\n`);
    expect(r.stderr).not.toContain('generating a deploy key');
    expect(r.stderr).toContain('✔ source secret flotilla-system/flotilla-system up to date\n');
    expect(r.stderr).toContain('✔ the agent manages itself from git; nothing to change\n');
    expect(r.stdout + r.stderr).not.toContain(sshd.encryptedKey.password);
    expect(await log()).toBe(before);
  }, 300_000);

  it('with the Secret gone and no SSH agent, a generated deploy key the git server authorizes for pushes once its public key is printed: bootstrap completes, the Secret holds that key, the agent fetches with it', async () => {
    await kubectl('delete', 'secret', 'flotilla-system', '-n', 'flotilla-system');
    // Added on the forge as a deploy key allowed to push.
    const { answer, seen } = givingAccess(QUESTION, 'rw');
    const r = await onTerminal(keyless([...trusted, '--agent-version', '0.2.0']), answer);
    const printed = seen.printed;
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain(NO_AGENT('SSH_AUTH_SOCK is not set'));
    expect(printed).toMatch(/^ecdsa-sha2-nistp384 /);
    expect(r.output).toContain('✔ the repository accepts pushes\n');
    expect(r.output).toContain('✔ source secret flotilla-system/flotilla-system created\n');
    expect(r.output).toMatch(/✔ Kustomization reconciled successfully\n$/);
    expect(r.output).not.toContain('PRIVATE KEY');
    const data = await secretData();
    expect(Object.keys(data).sort()).toEqual(['identity', 'identity.pub', 'known_hosts']);
    expect(data['identity.pub']).toBe(`${printed}\n`);
    expect(data.identity).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    // Bootstrap asked the agent to fetch with the new Secret and waited for that fetch: the request is handled.
    const field = (path: string) => kubectl('get', 'gitrepository', 'flotilla-system', '-n', 'flotilla-system', '-o', `jsonpath=${path}`);
    const requested = await field('{.metadata.annotations.reconcile\\.fluxcd\\.io/requestedAt}');
    expect(requested).not.toBe('');
    expect(await field('{.status.lastHandledReconcileAt}')).toBe(requested);
    expect(await field('{.status.conditions[?(@.type=="Ready")].status}')).toBe('True');
  }, 400_000);

  it('flux bootstrap git without --private-key-file: the agent’s key pushes the commit, the cluster’s Secret holds the new deploy key (read-only on the server), not the agent’s key, and the agent fetches with it', async () => {
    await kubectl('delete', 'secret', 'flotilla-system', '-n', 'flotilla-system');
    const before = (await log()).split('\n')[0]!.slice(0, 40);
    // Given read access only: it could never push this commit itself.
    const { answer, seen } = givingAccess(AGENT_QUESTION, 'ro');
    const r = await onTerminal(keyless([...trusted, '--agent-version', '0.3.0']), answer, withAgent(sshAgent));
    const printed = seen.printed;
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain(THROUGH_AGENT);
    expect(r.output).not.toContain(QUESTION);
    expect(r.output).toContain('✔ the repository accepts pushes\n');
    expect(r.output).toContain('✔ source secret flotilla-system/flotilla-system created\n');
    expect(r.output).toMatch(/✔ Kustomization reconciled successfully\n$/);
    expect(r.output).not.toContain('PRIVATE KEY');
    const lines = (await log()).split('\n');
    expect(lines[0]!.slice(41)).toBe('Add Flotilla agent 0.3.0 component manifests');
    expect(lines[1]!.slice(0, 40)).toBe(before);
    const data = await secretData();
    expect(Object.keys(data).sort()).toEqual(['identity', 'identity.pub', 'known_hosts']);
    expect(data['identity.pub']).toBe(`${printed}\n`);
    expect(data['identity.pub']).not.toBe(`${sshd.clientKey.identityPub.split(' ').slice(0, 2).join(' ')}\n`);
    expect(data.identity).not.toBe(sshd.clientKey.identity);
    expect(data.known_hosts).toBe(sshd.knownHosts);
    expect(await kubectl('get', 'gitrepository', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.status.artifact.revision}')).toBe(`main@sha1:${lines[0]!.slice(0, 40)}`);
  }, 400_000);

  it('a second run through the SSH agent changes nothing: the key of the cluster’s Secret stays, no commit, nothing asked', async () => {
    const before = { log: await log(), secret: await kubectl('get', 'secret', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.metadata.resourceVersion}') };
    const r = await runFlotilla(keyless([...trusted, '--agent-version', '0.3.0']), { home, env: withAgent(sshAgent), timeoutMs: 400_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(THROUGH_AGENT);
    expect(r.stderr).toContain('✔ using the SSH key of Secret flotilla-system/flotilla-system: ');
    expect(r.stderr).not.toContain('generating a deploy key');
    expect(r.stderr).toContain('✔ the manifests in git are up to date\n');
    expect(r.stderr).toContain('✔ source secret flotilla-system/flotilla-system up to date\n');
    expect(r.stderr).toContain('✔ the agent manages itself from git; nothing to change\n');
    expect(await log()).toBe(before.log);
    expect(await kubectl('get', 'secret', 'flotilla-system', '-n', 'flotilla-system', '-o', 'jsonpath={.metadata.resourceVersion}')).toBe(before.secret);
  }, 300_000);
});
