import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, startHelmRepository, startPostgres, type TestBrowser, type TestHelmRepository, type TestPostgres } from '@flotilla/testenv';
import { lightAndDarkViolations } from './support/axe.js';
import { buildWebUi } from './support/build-web-ui.js';
import { addHelmRepositoryAs } from './support/helm-ui.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { loginAsAdmin, type HubSession } from './support/hub-session.js';

// The Helm forms with real parts: a real HTTP chart repository (a chart with a values.schema.json packaged and
// indexed by the real helm), the hub (`pnpm start`) on Postgres, and Chromium. An operator adds the
// HelmRepository and a HelmRelease in the forms; values that break the chart's schema are refused on the field.

async function schemaChart(dir: string): Promise<string> {
  const chart = path.join(dir, 'guarded');
  await mkdir(path.join(chart, 'templates'), { recursive: true });
  await writeFile(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: guarded\nversion: 0.1.0\n');
  await writeFile(path.join(chart, 'values.yaml'), 'replicaCount: 1\n');
  await writeFile(path.join(chart, 'values.schema.json'), JSON.stringify({ type: 'object', properties: { replicaCount: { type: 'integer', minimum: 1 } } }));
  await writeFile(path.join(chart, 'templates', 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  replicas: "{{ .Values.replicaCount }}"\n');
  return chart;
}

describe('Helm forms in Chromium: HelmRepository and HelmRelease created, schema-breaking values refused on the field', () => {
  let pg: TestPostgres;
  let charts: TestHelmRepository;
  let hub: RunningHub;
  let admin: HubSession;
  let browser: TestBrowser;
  let page: Page;
  let work = '';

  beforeAll(async () => {
    buildWebUi();
    work = await mkdtemp(path.join(tmpdir(), 'flotilla-helm-forms-'));
    [pg, charts] = await Promise.all([startPostgres(), startHelmRepository()]);
    await charts.publishChart(await schemaChart(work));
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 10_000 });
    admin = await loginAsAdmin(hub.url, hub.adminPassword);
    await admin.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', { i: { username: 'ops', password: 'ops-password-123', role: 'OPERATOR' } });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([charts?.stop(), pg?.stop()]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('the operator adds the HelmRepository in its form; the hub fetches its index', async () => {
    const row = await addHelmRepositoryAs(page, { hubUrl: hub.url, username: 'ops', password: 'ops-password-123', name: 'charts', url: charts.url });
    await expect.poll(async () => (await admin.gql<{ helmRepositories: { ready: string }[] }>('{ helmRepositories { ready } }')).helmRepositories[0]?.ready, { timeout: 60_000 }).toBe('True');
    await row.getByRole('button', { name: 'Fetch now: charts' }).waitFor();
  });

  it('the HelmRelease form shows the chart’s defaults, refuses values that break its schema on the field, and creates the release', async () => {
    await page.reload();
    await page.getByRole('link', { name: 'Add HelmRelease' }).click();
    await page.getByLabel('Name', { exact: true }).fill('guarded');
    await page.getByLabel('Chart', { exact: true }).fill('guarded');
    await page.getByLabel('Version range').fill('0.x');
    await page.getByLabel('Cluster selector').fill('env=prod');
    await page.getByTestId('values-editor-defaults').getByText('replicaCount: 1').waitFor({ timeout: 60_000 });
    await page.getByRole('textbox', { name: 'Values', exact: true }).click();
    await page.keyboard.type('replicaCount: 0');
    const problems = page.getByRole('list', { name: 'Problems in Values' });
    await problems.getByText('must be >= 1').waitFor();
    await page.getByRole('button', { name: 'Create HelmRelease' }).click();
    await page.getByText('Fix the problems in the values first.').waitFor();
    expect(await lightAndDarkViolations(page), 'HelmRelease form with a schema problem').toEqual([]);
    // The click on Create took the focus: back into the editor, at the end of the text.
    await page.getByRole('textbox', { name: 'Values', exact: true }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('3');
    await problems.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Create HelmRelease' }).click();
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'flotilla-system/guarded', level: 2 }) });
    await card.getByText('guarded 0.1.0').waitFor({ timeout: 60_000 });
    const { helmReleases } = await admin.gql<{ helmReleases: { spec: { values: unknown } }[] }>('{ helmReleases { spec } }');
    expect(helmReleases[0]?.spec.values).toEqual({ replicaCount: 3 });
  });

  it('editing the release sets a valuesFrom reference and drift detection: a bad targetPath is refused on its field, then the hub stores Flux’s spec', async () => {
    await page.getByRole('link', { name: 'Edit guarded' }).click();
    await page.getByRole('button', { name: 'Add values reference' }).click();
    await page.getByLabel('Values reference 1 kind').selectOption('Secret');
    await page.getByLabel('Values reference 1 name').fill('db');
    await page.getByLabel('Values reference 1 key').fill('password');
    const targetPath = page.getByLabel('Values reference 1 target path');
    await targetPath.fill('db..password');
    await page.getByLabel('Drift detection mode').selectOption('warn');
    await page.getByRole('button', { name: 'Add ignore rule' }).click();
    await page.getByLabel('Ignore rule 1 paths').fill('/data/replicas');
    await page.getByLabel('Ignore rule 1 target kind').fill('ConfigMap');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => targetPath.getAttribute('aria-invalid')).toBe('true');
    expect(await lightAndDarkViolations(page), 'HelmRelease form with valuesFrom and drift detection').toEqual([]);
    await targetPath.fill('db.password');
    await page.getByRole('button', { name: 'Save changes' }).click();
    type Spec = { valuesFrom?: unknown; driftDetection?: unknown; values?: unknown };
    const stored = async () => (await admin.gql<{ helmReleases: { spec: Spec }[] }>('{ helmReleases { spec } }')).helmReleases[0]?.spec;
    await expect.poll(async () => (await stored())?.valuesFrom, { timeout: 30_000 }).toEqual([{ kind: 'Secret', name: 'db', valuesKey: 'password', targetPath: 'db.password' }]);
    const spec = await stored();
    expect(spec?.driftDetection).toEqual({ mode: 'warn', ignore: [{ paths: ['/data/replicas'], target: { kind: 'ConfigMap' } }] });
    expect(spec?.values).toEqual({ replicaCount: 3 });
  });
});
