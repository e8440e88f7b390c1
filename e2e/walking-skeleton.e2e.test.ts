import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launchBrowser,
  makeTempDir,
  startCluster,
  startPostgres,
  type ManagedProcess,
  type TestBrowser,
  type TestCluster,
  type TestPostgres,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { buildWebUi } from './support/build-web-ui.js';
import { startHub, type RunningHub } from './support/hub-process.js';

// The walking skeleton, end to end with real parts only: the hub (`pnpm start`) on a real Postgres, the real agent
// process on a real kube-apiserver, and Chromium driving the built web UI. One story, step by step, each
// step leaving a screenshot in test-artifacts/e2e-walking-skeleton.e2e.test.ts/ (testenv's launchBrowser).
const HEARTBEAT_TIMEOUT_MS = 3000;

// What the page.evaluate() callbacks touch in the browser (this file compiles without the DOM lib).
interface BrowserGlobals {
  navigator: { clipboard: { readText(): Promise<string> } };
  e2eNoReload?: boolean;
}
const CLUSTER = 'e2e-cluster';

describe('walking skeleton: browser → hub → agent', () => {
  let pg: TestPostgres;
  let cluster: TestCluster;
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;
  let workDir: string;
  let agentCommand = '';
  const agents: ManagedProcess[] = [];

  const shot = (name: string) => browser.screenshot(page, name);
  const row = () => page.locator(`tr[data-cluster="${CLUSTER}"]`);
  const state = () => row().locator('[data-state]').getAttribute('data-state');
  const agentLog = async (p: ManagedProcess) => readFile(p.logPath, 'utf8').catch(() => '');
  const launchAgent = (withToken: boolean) => {
    const p = startAgent({
      command: agentCommand,
      kubeconfigPath: cluster.kubeconfigPath,
      stateFile: path.join(workDir, 'agent-credential.json'),
      logDir: workDir,
      withToken,
    });
    agents.push(p);
    return p;
  };

  beforeAll(async () => {
    buildWebUi();
    workDir = await makeTempDir('e2e-walking-skeleton');
    [pg, cluster] = await Promise.all([startPostgres(), startCluster({ name: 'e2e', nodes: 2 })]);
    hub = await startHub({
      databaseUrl: await pg.createDatabase({ migrate: false }),
      heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled(agents.map((a) => a.stop()));
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([cluster?.stop(), pg?.stop()]);
  });

  it('1. login: a wrong password is refused clearly, the right one opens an empty fleet', async () => {
    await page.goto(hub.url);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong username or password');
    await shot('01-login-refused');

    await page.getByLabel('Password').fill(hub.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();
    await page.getByText('No clusters yet').waitFor();
    await shot('02-empty-fleet');
  });

  it('2. add cluster: name + labels give a one-time token, the agent command and the manifests', async () => {
    await page.getByRole('button', { name: 'Add cluster' }).first().click();
    await page.getByLabel('Cluster name').fill(CLUSTER);
    await page.getByLabel('Label 1 key').fill('env');
    await page.getByLabel('Label 1 value').fill('e2e');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('it is shown only once').waitFor();
    await expect.poll(() => page.getByText(/in (1 h|59 min)/).count()).toBeGreaterThan(0); // default lifetime 1 h

    const shown = (await page.getByTestId('agent-command').textContent()) ?? '';
    await page.getByRole('button', { name: 'Copy agent command' }).click();
    const copied = await page.evaluate(() =>
      (globalThis as unknown as BrowserGlobals).navigator.clipboard.readText(),
    );
    expect(copied).toBe(shown);
    expect(copied).toMatch(
      new RegExp(
        `^pnpm --silent flotilla agent --hub ${hub.url} --token \\S+ --kubeconfig ~/\\.kube/config$`,
      ),
    );
    agentCommand = copied;
    const token = /--token (\S+)/.exec(copied)?.[1] ?? '';
    await shot('03-registration-token');

    await page.getByRole('tab', { name: 'In-cluster manifests' }).click();
    const manifests = (await page.getByTestId('agent-manifests').textContent()) ?? '';
    expect(manifests).toContain('flotilla-system');
    expect(manifests).toContain(token);
    expect(manifests).toContain('kind: Deployment');
    await shot('04-agent-manifests');

    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row().textContent()).toContain('Pending');
    expect(await row().textContent()).toContain('env=e2e');
  });

  it('3. start the agent: the fleet shows Connected with versions, nodes and last seen, without a reload', async () => {
    await page.evaluate(() => ((globalThis as unknown as BrowserGlobals).e2eNoReload = true));
    const agent = launchAgent(true);
    await expect
      .poll(() => (agent.assertRunning(), state()), { timeout: 60_000, interval: 250 })
      .toBe('CONNECTED');
    const text = (await row().textContent()) ?? '';
    expect(text).toMatch(/v1\.\d+\.\d+/); // Kubernetes version from the real apiserver
    expect(text).toMatch(/\d+\.\d+\.\d+/); // agent version
    expect(await row().locator('td').nth(4).textContent()).toBe('2'); // two kwok nodes
    expect(await row().locator('td').last().textContent()).toBe('now'); // last seen: heartbeats arriving
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).e2eNoReload)).toBe(true);
    await shot('05-connected');
  });

  it('4. stop the agent: Disconnected at once', async () => {
    await agents.at(-1)!.stop();
    await expect.poll(state, { timeout: HEARTBEAT_TIMEOUT_MS, interval: 100 }).toBe('DISCONNECTED');
    expect(await row().locator('td').last().textContent()).toMatch(/^(just now|\d+ s ago)$/);
    await shot('06-disconnected');
  });

  it(`5. a frozen agent: Disconnected within the heartbeat timeout (${HEARTBEAT_TIMEOUT_MS} ms), Connected again when it thaws`, async () => {
    // Restarted without a token, the agent reconnects with its stored credential.
    const agent = launchAgent(false);
    await expect
      .poll(() => (agent.assertRunning(), state()), { timeout: 60_000, interval: 250 })
      .toBe('CONNECTED');
    // SIGSTOP keeps the TCP connection open but silences heartbeats: only the hub's timeout can notice.
    process.kill(-agent.pid, 'SIGSTOP');
    const frozenAt = Date.now();
    try {
      await expect
        .poll(state, { timeout: HEARTBEAT_TIMEOUT_MS * 2 + 5_000, interval: 200 })
        .toBe('DISCONNECTED');
      expect(Date.now() - frozenAt).toBeLessThan(HEARTBEAT_TIMEOUT_MS * 2 + 5_000);
      await shot('07-frozen-disconnected');
    } finally {
      process.kill(-agent.pid, 'SIGCONT');
    }
    await expect
      .poll(() => (agent.assertRunning(), state()), { timeout: 60_000, interval: 250 })
      .toBe('CONNECTED');
  });

  it('6. revoke in the UI: the connected agent is dropped at once and exits with code 3', async () => {
    const agent = agents.at(-1)!;
    await row().getByRole('link', { name: CLUSTER }).click();
    await page.getByRole('heading', { name: CLUSTER, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Revoke credential' }).click();
    await shot('08-revoke-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke credential' }).click();
    await page.getByText('The agent credential is revoked').waitFor();

    const exit = await Promise.race([
      agent.exited,
      new Promise<null>((r) => setTimeout(() => r(null), 15_000)),
    ]);
    expect(exit, `agent still running after revoke:\n${agent.tail()}`).not.toBeNull();
    expect(exit?.code).toBe(3); // contract: credential refused or revoked
    expect(await agentLog(agent)).toMatch(/revoked/i);
    await shot('09-revoked');
  });

  it('7. a revoked agent restarted with its stored credential is refused and exits with code 3', async () => {
    const agent = launchAgent(false);
    const exit = await Promise.race([
      agent.exited,
      new Promise<null>((r) => setTimeout(() => r(null), 60_000)),
    ]);
    expect(exit, `agent still running:\n${agent.tail()}`).not.toBeNull();
    expect(exit?.code).toBe(3); // contract: credential refused or revoked
    expect(await agentLog(agent)).toMatch(/CREDENTIAL_REVOKED|revoked/i);
    await page.reload();
    await page.getByText('The agent credential is revoked').waitFor();
    expect(await page.locator('[data-state]').first().getAttribute('data-state')).toBe('REVOKED');
    await shot('10-refused-after-restart');
  });
});
