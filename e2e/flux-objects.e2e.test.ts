import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { AGENT_SOCKET_PATH } from '@flotilla/protocol';
import { launchBrowser, repoRoot, startPostgres, type TestBrowser, type TestPostgres } from '@flotilla/testenv';
import { seriousA11yViolations } from './support/axe.js';
import { startHub, type RunningHub } from './support/hub-process.js';

// Every Flux object of two clusters in the browser: two protocol-level agents report the objects they find
// (as a bootstrap repository creates them), the Flux objects page lists both clusters, filters by kind with
// the filter in the URL, and opens a Kustomization's tree; the cluster health page shows each cluster's health,
// filters it, and patches a row when its agent reports a fix; checked with axe in light and dark.

const when = '2026-12-03T02:00:00Z';
const sha = `main@sha1:${'d'.repeat(40)}`;
const ready = [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${sha}`, lastTransitionTime: when }];
const item = (kind: string, namespace: string, name: string, over: Record<string, unknown> = {}) => ({
  kind,
  origin: 'cluster',
  namespace,
  name,
  conditions: ready,
  observedGeneration: 1,
  suspended: false,
  ...over,
});
const entry = (ns: string, name: string, group: string, kind: string) => ({ id: `${ns}_${name}_${group}_${kind}`, v: 'v1' });

async function until(ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Flux objects of two clusters in the browser (real hub, protocol agents, Chromium)', () => {
  let pg: TestPostgres;
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;
  const agents: Socket[] = [];

  const gql = async <T>(session: { cookie: string; csrf: string }, query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown };
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  /** Registers a cluster and connects a v3 agent for it that reports these status and inventory items. */
  const clusterReporting = async (session: { cookie: string; csrf: string }, name: string, status: unknown[], inventory: unknown[]) => {
    const { createRegistrationToken } = await gql<{ createRegistrationToken: { token: string } }>(
      session,
      `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }`,
      { input: { clusterName: name, labels: [] } },
    );
    const reg = await fetch(`${hub.url}/api/agent/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: createRegistrationToken.token, agentVersion: 'e2e' }),
    });
    const { credential } = (await reg.json()) as { credential: string };
    const s = io(`${hub.url}/agent`, { path: AGENT_SOCKET_PATH, transports: ['websocket'], auth: { credential }, reconnection: false, forceNew: true });
    agents.push(s);
    const acks: number[] = [];
    s.on('batch.ack', (a: { seq: number }) => acks.push(a.seq));
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    s.emit('hello', { protocolVersion: 3, supportedProtocolVersions: [3, 2, 1], agentVersion: 'e2e', kubernetesVersion: 'v1.35.4', nodeCount: 1, capabilities: [], lastGeneration: 0 });
    await until(() => acks.length === 1);
    // Heartbeats keep the cluster connected however long the file runs under load (the hub drops a silent agent).
    let beat = 0;
    const heartbeats = setInterval(() => s.emit('heartbeat', { seq: ++beat, sentAt: new Date().toISOString() }), 5_000);
    s.on('disconnect', () => clearInterval(heartbeats));
    s.emit('status', { seq: 1, items: status });
    s.emit('inventory', { seq: 2, items: inventory });
    await until(() => acks.at(-1) === 2);
  };

  const audit = async (what: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(300);
      await browser.screenshot(page, `flux-objects-${what}-${scheme}`);
      expect(await seriousA11yViolations(page), `${what} (${scheme})`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  beforeAll(async () => {
    const build = spawnSync('pnpm', ['--silent', '--filter', '@flotilla/web-ui', 'build'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`web-ui build failed:\n${build.stdout}\n${build.stderr}`);
    pg = await startPostgres();
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 30_000 });
    const login = await fetch(`${hub.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: hub.adminPassword }),
    });
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const session = { cookie: cookies.join('; '), csrf: cookies.find((c) => c.startsWith('flotilla_csrf='))!.slice('flotilla_csrf='.length) };
    await clusterReporting(
      session,
      'east',
      [
        item('GitRepository', 'flux-system', 'flux-system', { revision: sha }),
        item('Kustomization', 'flux-system', 'flux-system', { revision: sha }),
        item('HelmRelease', 'podinfo', 'podinfo', { parent: { namespace: 'flux-system', name: 'flux-system' }, revision: '6.5.4' }),
      ],
      [
        {
          kind: 'Kustomization',
          origin: 'cluster',
          namespace: 'flux-system',
          name: 'flux-system',
          entries: [entry('', 'podinfo', '', 'Namespace'), entry('flux-system', 'flux-system', 'source.toolkit.fluxcd.io', 'GitRepository'), entry('podinfo', 'podinfo', 'helm.toolkit.fluxcd.io', 'HelmRelease')],
        },
        { kind: 'HelmRelease', origin: 'cluster', namespace: 'podinfo', name: 'podinfo', entries: [entry('podinfo', 'podinfo', 'apps', 'Deployment')] },
      ],
    );
    await clusterReporting(
      session,
      'west',
      [
        item('GitRepository', 'flux-system', 'flux-system', { conditions: [{ ...ready[0], status: 'False', reason: 'GitOperationFailed', message: 'authentication required' }] }),
        item('Kustomization', 'flux-system', 'flux-system', { suspended: true }),
      ],
      [{ kind: 'Kustomization', origin: 'cluster', namespace: 'flux-system', name: 'flux-system', entries: [entry('', 'flux-system', '', 'Namespace')] }],
    );
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 240_000);

  afterAll(async () => {
    for (const s of agents) s.disconnect();
    await browser?.close();
    await hub?.stop();
    await pg?.stop();
  });

  const rows = () => page.locator('tr[data-flux-object]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-flux-object')));

  it('lists the Flux objects of both clusters with origin, Ready and reason', async () => {
    await page.goto(`${hub.url}/login?next=%2Fflux-objects`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(hub.adminPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Flux objects' }).waitFor();
    await expect.poll(rows).toHaveLength(5);
    expect((await rows()).sort()).toEqual([
      'east/GitRepository/flux-system/flux-system',
      'east/HelmRelease/podinfo/podinfo',
      'east/Kustomization/flux-system/flux-system',
      'west/GitRepository/flux-system/flux-system',
      'west/Kustomization/flux-system/flux-system',
    ]);
    const failing = page.locator('tr[data-flux-object="west/GitRepository/flux-system/flux-system"]');
    await expect.poll(() => failing.textContent()).toContain('GitOperationFailed');
    expect(await failing.textContent()).toContain('authentication required');
    expect(await page.locator('tr[data-flux-object="west/Kustomization/flux-system/flux-system"] [data-suspended]').count()).toBe(1);
    await audit('list');
  });

  it('filters by kind, with the filter in the URL', async () => {
    await page.getByLabel('Kind').selectOption('HelmRelease');
    await page.waitForURL(/kind=HelmRelease/);
    await expect.poll(rows).toEqual(['east/HelmRelease/podinfo/podinfo']);
    // The URL alone restores the view.
    await page.goto(`${hub.url}/flux-objects?kind=GitRepository&status=failing`);
    await expect.poll(rows).toEqual(['west/GitRepository/flux-system/flux-system']);
    expect(await page.getByLabel('Kind').inputValue()).toBe('GitRepository');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(rows).toHaveLength(5);
  });

  it('opens a Kustomization’s tree, as flux tree ks prints it', async () => {
    // From the unfiltered list, whatever an earlier test left in the URL.
    await page.goto(`${hub.url}/flux-objects`);
    await expect.poll(rows).toHaveLength(5);
    await page.getByRole('button', { name: 'Tree of Kustomization flux-system/flux-system on east' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('HelmRelease/podinfo/podinfo').waitFor();
    const nodes = await dialog.locator('[data-tree-node]').evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-depth')} ${li.getAttribute('data-tree-node')}`));
    expect(nodes).toEqual(['1 Namespace//podinfo', '1 GitRepository/flux-system/flux-system', '1 HelmRelease/podinfo/podinfo', '2 Deployment/podinfo/podinfo']);
    await audit('tree');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('shows one cluster’s objects on its Flux objects tab', async () => {
    await page.goto(`${hub.url}/`);
    await page.getByRole('link', { name: 'west' }).click();
    await page.getByRole('tab', { name: 'Flux objects' }).click();
    await page.waitForURL(/tab=flux-objects/);
    await expect.poll(rows).toEqual(['west/GitRepository/flux-system/flux-system', 'west/Kustomization/flux-system/flux-system']);
    await audit('cluster-tab');
  });

  it('cluster health: Ready share and worst reason per cluster, filtered in the URL, patched live when fixed', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health' }).click();
    const healthRow = (name: string) => page.locator(`tr[data-health-cluster="${name}"]`);
    await healthRow('west').waitFor();
    expect(await healthRow('east').textContent()).toContain('3/3');
    const west = await healthRow('west').textContent();
    expect(west).toContain('0/2');
    expect(west).toContain('GitOperationFailed');
    await audit('health');
    await page.getByRole('group', { name: 'Worst health' }).getByRole('button', { name: 'Failing' }).click();
    await page.waitForURL(/worst=FAILING/);
    await expect.poll(() => healthRow('east').count()).toBe(0);
    await expect.poll(() => healthRow('west').count()).toBe(1);
    // west's agent reports its GitRepository Ready: the row changes without a reload, and keeps its place in
    // the filtered table until the next fetch.
    agents[1]!.emit('status', {
      seq: 3,
      items: [
        item('GitRepository', 'flux-system', 'flux-system', { revision: sha }),
        item('Kustomization', 'flux-system', 'flux-system', { suspended: true }),
      ],
    });
    await expect.poll(() => healthRow('west').textContent(), { timeout: 15_000 }).toContain('1/2');
    expect(await healthRow('west').textContent()).not.toContain('GitOperationFailed');
    await page.reload();
    await expect.poll(() => healthRow('west').count()).toBe(0);
  });
});
