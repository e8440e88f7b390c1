import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  binaryPath,
  launchBrowser,
  makeTempDir,
  startCluster,
  startHelmRepository,
  startPostgres,
  type ManagedProcess,
  type TestBrowser,
  type TestCluster,
  type TestHelmRepository,
  type TestPostgres,
  waitFor,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { lightAndDarkViolations } from './support/axe.js';
import { buildWebUi } from './support/build-web-ui.js';
import { addHelmRepositoryAs } from './support/helm-ui.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { createRegistrationToken, loginAsAdmin, type HubSession } from './support/hub-session.js';
import { kubectlFor } from './support/kubectl.js';

// The Helm story with real parts only: a chart repository the real helm packaged and indexed, the hub (`pnpm
// start`) on Postgres, two real clusters (kube-apiserver, etcd, controllers, kwok) each with the real agent
// running the real helm, and Chromium. An operator adds the HelmRepository and a HelmRelease placed on both
// clusters with per-cluster values (an overlay for env=prod and the ${cluster_name} variable); both install
// 0.1.0 with their own values and the page shows each cluster's history; 0.2.0 is published, fetched from the
// page, and both upgrade; values the chart's schema accepts but the apiserver refuses (a Service port past
// 65535) make prod's upgrade fail: the page shows helm-controller's UpgradeFailed with the apiserver's words,
// the rollback (Remediated RollbackSucceeded) and Stalled RetriesExceeded after the one retry allowed, and the
// cluster keeps the last good release.

const RELEASE = 'flotilla-system/story';

/** A chart with a values.schema.json whose values end up in a ConfigMap and a Service kubectl can read back. */
async function storyChart(dir: string): Promise<string> {
  const chart = path.join(dir, 'story');
  await mkdir(path.join(chart, 'templates'), { recursive: true });
  await writeFile(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: story\nversion: 0.1.0\nappVersion: "1.0"\n');
  await writeFile(path.join(chart, 'values.yaml'), 'greeting: hello\ncluster: unknown\ntier: standard\nport: 8080\n');
  await writeFile(
    path.join(chart, 'values.schema.json'),
    JSON.stringify({
      type: 'object',
      additionalProperties: false,
      properties: {
        greeting: { type: 'string' },
        cluster: { type: 'string' },
        tier: { enum: ['standard', 'gold'] },
        // No maximum on purpose: the schema lets 70000 through and the apiserver is the one that refuses it.
        port: { type: 'integer', minimum: 1 },
      },
    }),
  );
  await writeFile(
    path.join(chart, 'templates', 'configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n' +
      '  greeting: {{ .Values.greeting | quote }}\n  cluster: {{ .Values.cluster | quote }}\n  tier: {{ .Values.tier | quote }}\n' +
      '  port: {{ .Values.port | quote }}\n  chart: {{ .Chart.Version | quote }}\n',
  );
  await writeFile(
    path.join(chart, 'templates', 'service.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    app: {{ .Release.Name }}\n' +
      '  ports:\n    - name: http\n      port: {{ .Values.port }}\n      targetPort: 8080\n',
  );
  return chart;
}

interface ClusterRow {
  cluster: { name: string };
  ready: string;
  reason: string | null;
  revision: string | null;
  stalled: boolean;
  conditions: { type: string; status: string; reason: string }[];
  history: { version: number; status: string; chartVersion: string }[];
}

describe('the Helm story in Chromium: two clusters with their own values install, upgrade together, and a bad value is rolled back', () => {
  let pg: TestPostgres;
  let charts: TestHelmRepository;
  let clusters: TestCluster[] = [];
  let hub: RunningHub;
  let admin: HubSession;
  let browser: TestBrowser;
  let page: Page;
  let work = '';
  let chartDir = '';
  let releaseId = '';
  const agents: ManagedProcess[] = [];
  const kubectl: Record<string, (...args: string[]) => Promise<string>> = {};
  const figures: string[] = [];
  const started = Date.now();

  const clusterRows = async (): Promise<ClusterRow[] | string> =>
    admin
      .gql<{ helmRelease: { clusters: ClusterRow[] } | null }>(
        'query($id: ID!) { helmRelease(id: $id) { clusters { cluster { name } ready reason revision stalled conditions { type status reason } history { version status chartVersion } } } }',
        { id: releaseId },
      )
      .then(
        (r) => r.helmRelease?.clusters ?? [],
        (e: unknown) => String(e),
      );

  /**
   * Waits for `locator`; if it does not show, the failure says what the page showed, what the hub stored for the
   * release on each cluster and what the agents logged about it, so a slow or failed helm action is told from a
   * page that missed the report.
   */
  async function shows(locator: Locator, what: string, timeout = 90_000) {
    try {
      await locator.first().waitFor({ timeout });
    } catch (err) {
      const shown = await page
        .locator('main')
        .innerText()
        .catch((e: unknown) => String(e));
      const logged = agents.map((a, i) =>
        a
          .tail(200)
          .split('\n')
          .filter((l) => /helm|story/i.test(l))
          .slice(-12)
          .map((l) => `agent ${i + 1}: ${l}`)
          .join('\n'),
      );
      throw new Error(
        `the page did not show ${what}: ${String(err)}\nthe page (${page.url()}) showed:\n${shown.slice(0, 4000)}\n` +
          `the hub stored: ${JSON.stringify(releaseId ? await clusterRows() : 'no release yet')}\nthe agents logged:\n${logged.join('\n')}`,
      );
    }
  }

  const statusRow = (cluster: string) => page.getByRole('table', { name: `${RELEASE} per cluster` }).getByRole('row', { name: new RegExp(`^${cluster}\\b`) });
  const historyRows = (cluster: string) => page.getByRole('table', { name: `History of ${RELEASE} on ${cluster}` }).getByRole('row');
  const configMap = async (cluster: string) => JSON.parse(await kubectl[cluster]!('-n', 'flotilla-system', 'get', 'configmap', 'story', '-o', 'jsonpath={.data}')) as Record<string, string>;
  const servicePort = (cluster: string) => kubectl[cluster]!('-n', 'flotilla-system', 'get', 'service', 'story', '-o', 'jsonpath={.spec.ports[0].port}');

  /** Ready on `version`, as the per-cluster row shows it. */
  async function readyOn(cluster: string, version: string) {
    const row = statusRow(cluster);
    await shows(row.filter({ has: page.locator('[data-ready="True"]') }).filter({ has: page.getByRole('cell', { name: version, exact: true }) }), `${cluster} Ready on ${version}`);
  }

  /** Types YAML into a CodeMirror editor as a user would, replacing what it held. */
  async function typeValues(label: string, yaml: string) {
    const editor = page.getByRole('textbox', { name: label, exact: true });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // Line by line from column 0, so the editor's auto-indent after a key cannot nest the next one.
    for (const [i, line] of yaml.split('\n').entries()) {
      if (i > 0) {
        await page.keyboard.press('Enter');
        await page.keyboard.press('Shift+Home');
        await page.keyboard.press('Delete');
      }
      await page.keyboard.insertText(line);
    }
  }

  beforeAll(async () => {
    buildWebUi();
    work = await makeTempDir('e2e-helm-story');
    let helm: string;
    [pg, charts, helm, browser, ...clusters] = await Promise.all([
      startPostgres(),
      startHelmRepository(),
      binaryPath('helm'),
      launchBrowser(),
      startCluster({ name: 'e2e-helm-staging', nodes: 1 }),
      startCluster({ name: 'e2e-helm-prod', nodes: 1 }),
    ]);
    chartDir = await storyChart(work);
    [, hub] = await Promise.all([
      charts.publishChart(chartDir),
      pg.createDatabase({ migrate: false }).then((databaseUrl) => startHub({ databaseUrl, heartbeatTimeoutMs: 10_000 })),
    ]);
    admin = await loginAsAdmin(hub.url, hub.adminPassword);
    await admin.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', { i: { username: 'ops', password: 'ops-password-123', role: 'OPERATOR' } });
    for (const [i, env] of ['staging', 'prod'].entries()) {
      const registration = await createRegistrationToken(admin, env, { env, fleet: 'web' });
      kubectl[env] = await kubectlFor(clusters[i]!.kubeconfigPath);
      agents.push(
        startAgent({
          command: registration.agentCommand,
          kubeconfigPath: clusters[i]!.kubeconfigPath,
          stateFile: path.join(work, `${env}-credential.json`),
          logDir: work,
          withToken: true,
          extraArgs: ['--cache-dir', path.join(work, `${env}-cache`), '--helm', helm],
        }),
      );
    }
    await waitFor(
      async () => {
        const { clusters: c } = await admin.gql<{ clusters: { edges: { node: { connectionState: string } }[] } }>('{ clusters { edges { node { connectionState } } } }');
        return c.edges.length === 2 && c.edges.every((e) => e.node.connectionState === 'CONNECTED') ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, watch: agents, what: 'both agents to connect' },
    );
    page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    figures.push(`set-up ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }, 300_000);

  afterAll(async () => {
    figures.push(`whole story ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`helm story e2e figures: ${figures.join('; ')}`);
    await Promise.allSettled(agents.map((a) => a.stop()));
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([...clusters.map((c) => c.stop()), charts?.stop(), pg?.stop()]);
  });

  it('1–2. the operator adds the HelmRepository and a HelmRelease on both clusters with an overlay for env=prod; both install 0.1.0 with their own values and show their history', async () => {
    const repoRow = await addHelmRepositoryAs(page, { hubUrl: hub.url, username: 'ops', password: 'ops-password-123', name: 'story-charts', url: charts.url });
    await shows(repoRow.locator('[data-ready="True"]'), 'the HelmRepository Ready', 60_000);

    await page.getByRole('link', { name: 'Add HelmRelease' }).click();
    await page.getByLabel('Name', { exact: true }).fill('story');
    await page.getByLabel('Chart', { exact: true }).fill('story');
    await page.getByLabel('Version range').fill('0.x');
    await page.getByLabel('Cluster selector', { exact: true }).fill('fleet=web');
    // One retry after a failed upgrade, rolled back in between (Flux: retries > 0 remediates the last failure too).
    await page.getByLabel('Upgrade: remediation retries').fill('1');
    await page.getByTestId('values-editor-defaults').getByText('tier: standard').waitFor({ timeout: 60_000 });
    await typeValues('Values', 'greeting: hello from ${cluster_name}\ncluster: ${cluster_name}');
    await page.getByRole('button', { name: 'Add overlay' }).click();
    await page.getByLabel('Overlay 1 cluster selector').fill('env=prod');
    await typeValues('Overlay 1 values', 'tier: gold');
    await page.getByRole('button', { name: 'Create HelmRelease' }).click();
    await page.getByRole('heading', { name: RELEASE, level: 2 }).waitFor();
    releaseId = (await admin.gql<{ helmReleases: { id: string; name: string }[] }>('{ helmReleases { id name } }')).helmReleases.find((r) => r.name === 'story')!.id;

    const installStarted = Date.now();
    await readyOn('staging', '0.1.0');
    await readyOn('prod', '0.1.0');
    figures.push(`both clusters Ready on 0.1.0 ${((Date.now() - installStarted) / 1000).toFixed(1)} s after Create`);
    for (const cluster of ['staging', 'prod']) {
      await shows(historyRows(cluster).filter({ hasText: 'story@0.1.0' }).filter({ hasText: 'deployed' }), `the history on ${cluster}`);
      expect(await historyRows(cluster).count(), `history rows on ${cluster} (with the header)`).toBe(2);
    }
    // The hub rendered each cluster's values: the overlay on prod only, the variable with each cluster's name.
    const values = page.getByRole('region', { name: 'Values on prod' });
    await values.getByText('"tier": "gold"').waitFor();
    expect(await values.innerText()).toContain('"cluster": "prod"');
    expect(await page.getByRole('region', { name: 'Values on staging' }).innerText()).not.toContain('gold');

    await browser.screenshot(page, '01-installed');
    expect(await configMap('staging')).toEqual({ greeting: 'hello from staging', cluster: 'staging', tier: 'standard', port: '8080', chart: '0.1.0' });
    expect(await configMap('prod')).toEqual({ greeting: 'hello from prod', cluster: 'prod', tier: 'gold', port: '8080', chart: '0.1.0' });
  }, 180_000);

  it('3. 0.2.0 published and fetched from the page: both clusters upgrade (Flux’s Released UpgradeSucceeded) and their history has two entries', async () => {
    await charts.publishChart(chartDir, { version: '0.2.0' });
    const fetched = Date.now();
    await page.getByRole('button', { name: 'Fetch now: story-charts' }).click();
    await shows(page.locator('section', { has: page.getByRole('heading', { name: RELEASE, level: 2 }) }).getByText('story 0.2.0', { exact: true }), 'the hub resolving 0.2.0', 60_000);
    await readyOn('staging', '0.2.0');
    await readyOn('prod', '0.2.0');
    figures.push(`both clusters Ready on 0.2.0 ${((Date.now() - fetched) / 1000).toFixed(1)} s after Fetch now`);
    for (const cluster of ['staging', 'prod']) {
      await shows(historyRows(cluster).filter({ hasText: 'story@0.2.0' }).filter({ hasText: 'deployed' }), `0.2.0 in the history on ${cluster}`);
      await shows(historyRows(cluster).filter({ hasText: 'story@0.1.0' }).filter({ hasText: 'superseded' }), `0.1.0 superseded on ${cluster}`);
      expect(await historyRows(cluster).count(), `history rows on ${cluster} (with the header)`).toBe(3);
    }
    const stored = await clusterRows();
    expect(typeof stored === 'string' ? stored : stored.map((c) => [c.cluster.name, c.conditions.find((x) => x.type === 'Released')?.reason]).sort()).toEqual([
      ['prod', 'UpgradeSucceeded'],
      ['staging', 'UpgradeSucceeded'],
    ]);
    expect(await configMap('staging')).toMatchObject({ cluster: 'staging', tier: 'standard', chart: '0.2.0' });
    expect(await configMap('prod')).toMatchObject({ cluster: 'prod', tier: 'gold', chart: '0.2.0' });
  }, 150_000);

  it('4. a port the schema accepts and the apiserver refuses, in prod’s overlay: the page shows UpgradeFailed with the apiserver’s words, the rollback and Stalled RetriesExceeded (Flux: upgrade.remediation.retries 1 rolls back after each failed upgrade, then stalls); prod keeps 0.2.0 with port 8080 and staging is untouched', async () => {
    await page.getByRole('link', { name: 'Edit story', exact: true }).click();
    await typeValues('Overlay 1 values', 'tier: gold\nport: 70000');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: RELEASE, level: 2 }).waitFor();
    const saved = Date.now();

    // helm-controller's remediation with retries 1: upgrade, rollback, upgrade again, rollback, then Stalled.
    const prod = statusRow('prod');
    await shows(prod.getByText('Stalled · RetriesExceeded'), 'prod Stalled with RetriesExceeded', 120_000);
    figures.push(`prod Stalled after two failed upgrades and rollbacks ${((Date.now() - saved) / 1000).toFixed(1)} s after Save`);
    await shows(prod.getByText('Remediated · RollbackSucceeded'), 'the rollback in the Remediation column');
    expect(await prod.innerText()).toContain('2 (2 upgrade)');
    const conditions = page.getByRole('table', { name: `Conditions of ${RELEASE} on prod` });
    const released = conditions.getByRole('row', { name: /^Released\b/ });
    await shows(released.filter({ hasText: 'UpgradeFailed' }), 'Released False with UpgradeFailed');
    expect(await released.innerText()).toMatch(/70000.*must be between 1 and 65535/s);
    await shows(conditions.getByRole('row', { name: /^Remediated\b/ }).filter({ hasText: 'RollbackSucceeded' }), 'Remediated True with RollbackSucceeded');
    // The history shows the failed upgrades and the rollbacks to the last good release.
    await shows(historyRows('prod').filter({ hasText: 'failed' }), 'a failed upgrade in the history on prod');
    expect(await historyRows('prod').filter({ hasText: 'story@0.2.0' }).filter({ hasText: 'deployed' }).count()).toBe(1);

    await browser.screenshot(page, '02-rolled-back');
    expect(await lightAndDarkViolations(page), 'Helm page with a rolled-back release').toEqual([]);

    // The last good release is what runs: 0.2.0 with port 8080, the broken port nowhere.
    expect(await configMap('prod')).toMatchObject({ tier: 'gold', port: '8080', chart: '0.2.0' });
    expect(await servicePort('prod')).toBe('8080');
    // Staging's values did not change: no upgrade there, still Ready on 0.2.0 with its two entries.
    await readyOn('staging', '0.2.0');
    expect(await historyRows('staging').count()).toBe(3);
    expect(await configMap('staging')).toMatchObject({ tier: 'standard', port: '8080', chart: '0.2.0' });
  }, 180_000);
});
