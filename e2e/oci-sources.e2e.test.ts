import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launchBrowser,
  makeTempDir,
  makeTempTree,
  runFlux,
  startPostgres,
  startRegistry,
  type TestBrowser,
  type TestPostgres,
  type TestRegistry,
} from '@flotilla/testenv';
import { lightAndDarkViolations } from './support/axe.js';
import { buildWebUi } from './support/build-web-ui.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { loginAsAdmin, type HubSession } from './support/hub-session.js';

// The OCIRepository pages with real parts: a real registry (distribution) holding artifacts the real `flux push
// artifact` wrote, the hub (`pnpm start`) on Postgres, and Chromium. An operator adds an OCIRepository in the
// form and watches it become Ready with Flux's revision `<tag>@sha256:<digest>`, edits it,
// gets the hub's refusal of a field on that field, suspends and resumes it, and sees a change made elsewhere
// arrive on the open page through the realtime events; one from a registry with basic auth gets its credentials
// in the form and never shows them again; a viewer can read but not edit.

interface Oci {
  id: string;
  ready: string;
  suspend: boolean;
  spec: { ref?: { tag?: string }; provider?: string };
  artifact: { revision: string } | null;
}

describe('OCIRepository pages in Chromium against a real registry', () => {
  let pg: TestPostgres;
  let registry: TestRegistry;
  let authed: TestRegistry;
  let hub: RunningHub;
  let admin: HubSession;
  let browser: TestBrowser;
  let page: Page;
  let kubeconfig = '';
  const seen: string[] = [];
  const digests = new Map<string, string>();
  const url = (reg: TestRegistry = registry, repo = 'app/manifests') => `oci://${reg.host}/${repo}`;
  const oci = async (): Promise<Oci | undefined> =>
    (
      await admin.gql<{ ociRepositories: Oci[] }>(
        '{ ociRepositories { id ready suspend spec artifact { revision } } }',
      )
    ).ociRepositories[0];

  /** `flux push artifact` of one manifest under `tag`; the manifest digest the registry stored. */
  async function push(tag: string, reg: TestRegistry = registry, repo = 'app/manifests'): Promise<string> {
    const src = await makeTempTree('oci-ui-src', {
      'deploy/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\ndata:\n  tag: ${tag}\n`,
    });
    const args = [
      'push',
      'artifact',
      `${url(reg, repo)}:${tag}`,
      '--path',
      src,
      '--source',
      'https://github.com/example/app',
      '--revision',
      `${tag}@sha1:0123456789abcdef0123456789abcdef01234567`,
    ];
    if (reg.username) args.push('--creds', `${reg.username}:${reg.password}`);
    const out = await runFlux(args, { kubeconfig });
    expect(out.exitCode, out.stderr).toBe(0);
    const digest = /@(sha256:[0-9a-f]{64})/.exec(out.stdout + out.stderr)?.[1];
    expect(digest, out.stdout + out.stderr).toBeDefined();
    return digest!;
  }

  async function signIn(username: string, password: string) {
    await page.goto(`${hub.url}/login`);
    // The form is filled once the app has settled on it (it may render it again when the session check answers).
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Sources' }).waitFor();
  }

  /**
   * Waits for the page to show `revision`; if it does not, the failure says what the hub stored and logged about
   * the pull, so a slow or failed pull is told from a page that missed the change.
   */
  async function showsRevision(revision: string, timeout = 60_000) {
    try {
      await page.getByTestId('artifact-revision').getByText(revision, { exact: true }).waitFor({ timeout });
    } catch (err) {
      const stored = await admin
        .gql<{ ociRepositories: unknown[] }>(
          '{ ociRepositories { name ready message observedGeneration generation updatedAt artifact { revision } conditions { type status reason message } } }',
        )
        .catch((e: unknown) => String(e));
      const pulls = hub.process
        .tail(400)
        .split('\n')
        .filter((l) => /oci repository|oci source/i.test(l))
        .slice(-15);
      const shown = await page
        .locator('body')
        .innerText()
        .catch((e: unknown) => String(e));
      throw new Error(
        `the page did not show ${revision}: ${String(err)}\nthe page (${page.url()}) showed:\n${shown.slice(0, 3000)}\nthe hub stored: ${JSON.stringify(stored)}\nthe hub logged:\n${pulls.join('\n')}\nthe page heard and asked:\n${seen.slice(-60).join('\n')}`,
      );
    }
  }

  beforeAll(async () => {
    buildWebUi();
    let dir: string;
    [pg, registry, authed, dir] = await Promise.all([
      startPostgres(),
      startRegistry(),
      startRegistry({ auth: 'basic' }),
      makeTempDir('oci-ui-flux'),
    ]);
    // `flux push artifact` talks to the registry only; the flag still wants a kubeconfig file.
    kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    for (const tag of ['v1', 'v2']) digests.set(tag, await push(tag));
    digests.set('private', await push('v1', authed, 'app/private'));
    hub = await startHub({
      databaseUrl: await pg.createDatabase({ migrate: false }),
      heartbeatTimeoutMs: 10_000,
    });
    admin = await loginAsAdmin(hub.url, hub.adminPassword);
    for (const [username, role] of [
      ['ops', 'OPERATOR'],
      ['reader', 'VIEWER'],
    ] as const)
      await admin.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', {
        i: { username, password: `${username}-password-123`, role },
      });
    browser = await launchBrowser();
    page = await browser.newPage();
    // What the page heard and asked, for the failure message of a wait for a revision.
    page.on('websocket', (ws) => {
      seen.push(`${new Date().toISOString()} ws open ${ws.url()}`);
      ws.on('framereceived', (f) => seen.push(`${new Date().toISOString()} ws ← ${String(f.payload).slice(0, 120)}`));
      ws.on('close', () => seen.push(`${new Date().toISOString()} ws closed`));
    });
    page.on('request', (r) => {
      const op = /"operationName":"(\w+)"/.exec(r.postData() ?? '')?.[1] ?? /(?:query|mutation) (\w+)/.exec(r.postData() ?? '')?.[1];
      if (op) seen.push(`${new Date().toISOString()} gql → ${op}`);
    });
    page.on('response', (r) => {
      const op = /"operationName":"(\w+)"/.exec(r.request().postData() ?? '')?.[1] ?? /(?:query|mutation) (\w+)/.exec(r.request().postData() ?? '')?.[1];
      if (op) seen.push(`${new Date().toISOString()} gql ← ${op} ${r.status()}`);
    });
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([registry?.stop(), authed?.stop(), pg?.stop()]);
  });

  it('the operator adds it in the form; the page turns Ready with the artifact revision <tag>@sha256:<digest>', async () => {
    // A retry starts where the first attempt did: signed out, and without the repository an earlier attempt
    // may have made (the form would refuse its name as taken and every later step would wait in vain).
    await page.context().clearCookies();
    const earlier = await oci();
    if (earlier) await admin.gql('mutation($id: ID!) { deleteOciRepository(id: $id) }', { id: earlier.id });
    await signIn('ops', 'ops-password-123');
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.getByRole('link', { name: 'Add OCI repository' }).click();
    await page.getByLabel('Name', { exact: true }).fill('manifests');
    await page.getByLabel('URL', { exact: true }).fill(url());
    await page.getByLabel('Tag', { exact: true }).fill('v1');
    await page.getByLabel(/Insecure/).check();
    await page.getByRole('button', { name: 'Create OCI repository' }).click();
    await page.getByRole('heading', { name: 'manifests', level: 1 }).waitFor();
    const revision = `v1@${digests.get('v1')}`;
    await showsRevision(revision, 60_000);
    await page.locator('[data-ready="True"]').first().waitFor();
    expect((await oci())?.artifact?.revision).toBe(revision);
    await page
      .getByRole('table', { name: 'Conditions' })
      .getByText(`stored artifact for digest '${revision}'`)
      .first()
      .waitFor();
    expect(await lightAndDarkViolations(page), 'OCIRepository page').toEqual([]);
    // The list shows it Ready with the tag it pulls by.
    await page.getByRole('link', { name: '← Sources' }).click();
    const row = page.getByRole('table', { name: 'OCI repositories' }).getByRole('row', { name: /manifests/ });
    await row.getByText('tag v1').waitFor();
    await row.locator('[data-ready="True"]').waitFor();
  });

  it('an edit to another tag is pulled and shown; a field the hub refuses is said on that field and changes nothing', async () => {
    await page
      .getByRole('table', { name: 'OCI repositories' })
      .getByRole('link', { name: 'manifests' })
      .click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Tag', { exact: true }).fill('v2');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await showsRevision(`v2@${digests.get('v2')}`, 60_000);

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Provider', { exact: true }).selectOption('aws');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const provider = page.getByLabel('Provider', { exact: true });
    await expect.poll(() => provider.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await provider.getAttribute('aria-describedby')) ?? '';
    const described = await page.locator(`[id="${describedBy}"]`).textContent();
    expect(described).toContain('Only the generic provider is supported at the hub (got aws).');
    expect(await lightAndDarkViolations(page), 'OCIRepository form with a refused field').toEqual([]);
    expect((await oci())?.spec).toMatchObject({ provider: 'generic', ref: { tag: 'v2' } });
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('suspend and resume from the page: the badge follows and the hub stores spec.suspend; a suspend made elsewhere shows live', async () => {
    await page.getByRole('button', { name: 'Suspend' }).click();
    await page.getByText('Suspended', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    expect((await oci())?.suspend).toBe(true);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Suspend' }).waitFor();
    expect((await oci())?.suspend).toBe(false);
    await page.getByRole('button', { name: 'Reconcile now' }).click();
    await page.getByText('Pulling manifests now.').waitFor();
    // A change made elsewhere (here the API) reaches the open page through the realtime events alone.
    const stored = (await oci())!;
    await admin.gql(
      'mutation($id: ID!, $input: OCIRepositoryInput!) { updateOciRepository(id: $id, input: $input) { id } }',
      {
        id: stored.id,
        input: { name: 'manifests', spec: { ...stored.spec, suspend: true } },
      },
    );
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Suspend' }).waitFor();
  });

  it('from a registry with basic auth: credentials typed once in the form, Ready, and the password in no page or response after', async () => {
    const password = authed.password!;
    const loaded: string[] = [];
    const onResponse = (res: { text(): Promise<string> }) =>
      void res.text().then(
        (body) => loaded.push(body),
        () => undefined,
      );
    // A retry starts without the repository an earlier attempt made (the form would refuse its name as taken).
    const all = (await admin.gql<{ ociRepositories: { id: string; name: string }[] }>('{ ociRepositories { id name } }')).ociRepositories;
    for (const earlier of all.filter((r) => r.name === 'private'))
      await admin.gql('mutation($id: ID!) { deleteOciRepository(id: $id) }', { id: earlier.id });
    page.on('response', onResponse);
    await page.goto(`${hub.url}/sources/oci/new`);
    await page.getByLabel('Name', { exact: true }).fill('private');
    await page.getByLabel('URL', { exact: true }).fill(url(authed, 'app/private'));
    await page.getByLabel('Tag', { exact: true }).fill('v1');
    await page.getByLabel(/Insecure/).check();
    await page.getByLabel('Authentication', { exact: true }).selectOption('basic');
    await page.getByLabel('Username', { exact: true }).fill(authed.username!);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create OCI repository' }).click();
    await showsRevision(`v1@${digests.get('private')}`, 60_000);
    await page.getByText('basic (stored)').waitFor();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByTestId('stored-credentials').getByText('username and password').waitFor();
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    await page.goto(`${hub.url}/sources`);
    await page
      .getByRole('table', { name: 'OCI repositories' })
      .getByRole('link', { name: 'private' })
      .waitFor();
    page.off('response', onResponse);
    // The create request carried it (the one place it may be); nothing the hub sent back does.
    expect(loaded.length).toBeGreaterThan(3);
    expect(loaded.filter((body) => body.includes(password))).toEqual([]);
    expect(await page.content()).not.toContain(password);
  });

  it('a viewer reads the list and the page but has nothing to edit with; the hub refuses an edit sent anyway', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('reader', 'reader-password-123');
    await page.getByRole('link', { name: 'Sources' }).click();
    await page
      .getByRole('table', { name: 'OCI repositories' })
      .getByRole('link', { name: 'manifests' })
      .click();
    await showsRevision(`v2@${digests.get('v2')}`);
    for (const name of ['Suspend', 'Reconcile now', 'Delete'])
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await page.goto(`${hub.url}/sources`);
    await page.getByRole('table', { name: 'OCI repositories' }).waitFor();
    expect(await page.getByRole('link', { name: 'Add OCI repository' }).count()).toBe(0);
    // The form itself, reached by its address: the hub is the one that refuses.
    const id = (await oci())!.id;
    await page.goto(`${hub.url}/sources/oci/${id}/edit`);
    await page.getByLabel('Tag', { exact: true }).fill('v1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Could not save the OCI repository').waitFor();
    expect((await oci())?.spec.ref?.tag).toBe('v2');
  });
});
