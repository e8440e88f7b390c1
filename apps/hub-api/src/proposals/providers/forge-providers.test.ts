import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeForge, type ForgeKind } from '../../../test/fake-forge.js';
import type { ClusterDiff } from '../cluster-diffs.js';
import { bounded, forgeClusterComment, forgeDescription } from './forge-body.js';
import { ForgeError, forgeHttp } from './forge-http.js';
import { forgeIdentity } from './forge-identity.js';
import { GITEA_MAX_BODY, giteaHeaders, GiteaProvider } from './gitea-provider.js';
import { GITHUB_MAX_BODY, githubHeaders, GithubProvider } from './github-provider.js';
import { GITLAB_MAX_BODY, gitlabHeaders, GitlabProvider } from './gitlab-provider.js';

// A real forge cannot be reached from here: each provider talks to a local HTTP server that checks every
// request against the forge's documented REST API and answers with its documented shapes and statuses.

/** The ForgeError a call failed with (the test fails if it succeeded or failed otherwise). */
async function failure(call: Promise<unknown>): Promise<ForgeError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ForgeError)) throw new Error(`expected a ForgeError, got ${String(err)}`);
  return err;
}

type ForgeProvider = GithubProvider | GitlabProvider | GiteaProvider;

const TOKEN = 'forge-secret-token-0123456789';
const HEAD = 'a'.repeat(40);

interface Case {
  kind: ForgeKind;
  repository: string;
  maxBody: number;
  make: (apiUrl: string, token: string) => ForgeProvider;
  /** The documented calls, to name them in the tests. */
  doc: { open: string; update: string; merge: string; comment: string; auth: string };
}

const http = (forge: string, apiUrl: string, token: string, h: { auth: { header: string; value: string }; headers?: Record<string, string> }) => forgeHttp({ forge, tokenOwner: 'the automation', apiUrl, token, checkHost: () => Promise.resolve(), timeoutMs: 5_000, ...h });

const cases: Case[] = [
  {
    kind: 'github',
    repository: 'acme/fleet',
    maxBody: GITHUB_MAX_BODY,
    make: (api, token) => new GithubProvider(http('GitHub', api, token, githubHeaders(token)), 'acme/fleet'),
    doc: { open: 'POST /repos/{owner}/{repo}/pulls', update: 'PATCH /repos/{owner}/{repo}/pulls/{n}', merge: 'PUT /repos/{owner}/{repo}/pulls/{n}/merge (sha, merge_method)', comment: 'POST /repos/{owner}/{repo}/issues/{n}/comments', auth: 'Authorization: Bearer' },
  },
  {
    kind: 'gitlab',
    repository: 'platform/apps/fleet',
    maxBody: GITLAB_MAX_BODY,
    make: (api, token) => new GitlabProvider(http('GitLab', api, token, gitlabHeaders(token)), 'platform/apps/fleet'),
    doc: { open: 'POST /projects/:id/merge_requests', update: 'PUT /projects/:id/merge_requests/:iid', merge: 'PUT /projects/:id/merge_requests/:iid/merge (sha)', comment: 'POST /projects/:id/merge_requests/:iid/notes', auth: 'PRIVATE-TOKEN' },
  },
  {
    kind: 'gitea',
    repository: 'acme/fleet',
    maxBody: GITEA_MAX_BODY,
    make: (api, token) => new GiteaProvider(http('Gitea', api, token, giteaHeaders(token)), 'acme/fleet'),
    doc: { open: 'POST /repos/{owner}/{repo}/pulls', update: 'PATCH /repos/{owner}/{repo}/pulls/{index}', merge: 'POST /repos/{owner}/{repo}/pulls/{index}/merge (Do, head_commit_id)', comment: 'POST /repos/{owner}/{repo}/issues/{index}/comments', auth: 'Authorization: token' },
  },
];

const draft = (body = 'the body') => ({ baseBranch: 'main', headBranch: 'flotilla/update-app', headCommit: HEAD, title: 'Update app to 1.0.1', body });
const mergeInput = (number: number, url: string, headCommit = HEAD) => ({ link: { number, url }, baseBranch: 'main', headBranch: 'flotilla/update-app', baseCommit: 'b'.repeat(40), headCommit, strategy: 'fast-forward' as const, message: 'Merge', author: { name: 'a', email: 'a@b.c' }, now: new Date() });

describe.each(cases)('$kind pull requests against a fake forge that checks the documented API', (c) => {
  let forge: FakeForge;
  let p: ForgeProvider;
  beforeAll(async () => {
    forge = await FakeForge.start({ kind: c.kind, token: TOKEN, repository: c.repository });
    forge.branches.set('flotilla/update-app', HEAD);
    p = c.make(forge.apiUrl, TOKEN);
  });
  afterAll(() => forge.stop());

  it(`open (${c.doc.open}, ${c.doc.auth}), then again for the same branch: the existing one is adopted`, async () => {
    const link = await p.open(draft());
    expect(link).toMatchObject({ number: 1 });
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*\/1$/);
    expect(forge.pulls.get(1)).toMatchObject({ head: 'flotilla/update-app', base: 'main', title: 'Update app to 1.0.1', body: 'the body', state: 'open' });
    expect(await p.open(draft())).toEqual(link);
    expect(forge.pulls.size).toBe(1);
    expect(forge.violations).toEqual([]);
  });

  it(`update (${c.doc.update}) and comment (${c.doc.comment})`, async () => {
    await p.update({ number: 1, url: '' }, { ...draft('new body'), title: 'Update app to 1.0.2' });
    expect(forge.pulls.get(1)).toMatchObject({ title: 'Update app to 1.0.2', body: 'new body' });
    await p.comment({ number: 1, url: '' }, 'per-cluster diff');
    expect(forge.comments).toEqual([{ number: 1, body: 'per-cluster diff' }]);
    expect(forge.violations).toEqual([]);
  });

  it(`merge (${c.doc.merge}) pinned to the approved head: a moved head is outdated (409), nothing merged; the approved one merges`, async () => {
    expect(await p.merge(mergeInput(1, '', 'c'.repeat(40)))).toEqual({ kind: 'outdated' });
    expect(forge.pulls.get(1)!.state).toBe('open');
    expect(await p.merge(mergeInput(1, ''))).toEqual({ kind: 'merged', commit: HEAD });
    expect(await p.read({ number: 1, url: '' })).toEqual({ state: 'merged', mergedCommit: HEAD });
    expect(forge.violations).toEqual([]);
  });

  it('read: a pull request closed at the forge reads closed; one merged in the forge UI reads merged', async () => {
    const second = await p.open({ ...draft(), headBranch: 'flotilla/update-web' });
    expect(await p.read(second)).toEqual({ state: 'open' });
    await p.close(second);
    expect(await p.read(second)).toEqual({ state: 'closed' });
    forge.branches.set('flotilla/update-api', 'd'.repeat(40));
    const third = await p.open({ ...draft(), headBranch: 'flotilla/update-api' });
    await forge.mergeInUi(third.number);
    expect(await p.read(third)).toEqual({ state: 'merged', mergedCommit: 'd'.repeat(40) });
    expect(forge.violations).toEqual([]);
  });

  it('a bad token: 401 with a clear message that does not hold the token', async () => {
    const bad = c.make(forge.apiUrl, 'wrong-token-value');
    const err = await failure(bad.read({ number: 1, url: '' }));
    expect(err).toBeInstanceOf(ForgeError);
    expect((err as ForgeError).status).toBe(401);
    expect((err as ForgeError).message).toMatch(/refused the automation's token \(401/);
    expect((err as ForgeError).message).not.toContain('wrong-token-value');
  });

  it('404 names the call and what to check; 422/409 validation errors carry the forge’s message', async () => {
    const err = await failure(p.read({ number: 99, url: '' }));
    expect(err).toMatchObject({ status: 404 });
    expect(err.message).toMatch(/\(404\): check the repository and the API URL/);
    forge.failNext.push({ status: 422, body: { message: 'Validation Failed' } });
    const v = await failure(p.update({ number: 1, url: '' }, draft()));
    expect(v).toMatchObject({ status: 422 });
    expect(v.message).toContain('Validation Failed');
  });

  it('rate limiting (GitHub docs: 403 or 429, retry-after in seconds; x-ratelimit-remaining 0 with x-ratelimit-reset): the wait is reported', async () => {
    forge.failNext.push({ status: 429, headers: { 'Retry-After': '7' }, body: { message: 'Too Many Requests' } });
    const e429 = await failure(p.read({ number: 1, url: '' }));
    expect(e429).toMatchObject({ status: 429, retryAfterMs: 7000 });
    expect(e429.message).toMatch(/rate-limited .* \(429\); retrying after 7 s/);
    const reset = Math.floor(Date.now() / 1000) + 30;
    forge.failNext.push({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: { message: 'API rate limit exceeded' } });
    const e403 = await failure(p.read({ number: 1, url: '' }));
    expect(e403.status).toBe(403);
    expect(e403.retryAfterMs).toBeGreaterThan(20_000);
    expect(e403.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('forge down: a clear "could not be reached" error naming the forge’s origin', async () => {
    forge.down = true;
    try {
      const err = await failure(p.read({ number: 1, url: '' }));
      expect(err).toMatchObject({ status: null });
      expect(err.message).toMatch(/could not be reached at http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      forge.down = false;
    }
  });

  it(`a description and a comment over the forge's limit (${c.maxBody} characters) are cut at a line with a note; the forge takes them`, async () => {
    const clusters: ClusterDiff[] = Array.from({ length: 3000 }, (_, i) => ({ kustomization: 'flux-system/apps', helmRelease: null, cluster: `cluster-${i}`, added: [], removed: [], error: null, hiddenVariables: [], note: null, changed: [{ object: `Deployment/default/app-${i}`, fields: ['spec.template.spec.containers[0].image', 'metadata.labels.version'], before: '', after: '' }] }));
    const proposal = { id: 'p1', origin: { kind: 'automation' as const, automation: 'flux-system/app' }, message: 'Update', imageChanges: [], clusterDiffs: clusters };
    const comment = forgeClusterComment(proposal, Math.min(c.maxBody, GITHUB_MAX_BODY));
    expect(comment.length).toBeLessThanOrEqual(Math.min(c.maxBody, GITHUB_MAX_BODY));
    expect(comment).toMatch(/… \d+ more characters left out \(the forge limits this text\); the whole of it is on the proposal's page in Flotilla\.$/);
    await p.comment({ number: 1, url: '' }, comment);
    const description = forgeDescription(proposal, c.maxBody);
    expect(description.length).toBeLessThanOrEqual(c.maxBody);
    expect(forge.violations).toEqual([]);
  });
});

describe('forge identity derived from the GitRepository URL', () => {
  it('github.com → api.github.com; GitHub Enterprise, GitLab and Gitea hosts → their API below the origin; set values win', () => {
    expect(forgeIdentity('github', 'https://github.com/acme/fleet.git', { apiUrl: null, repository: null })).toEqual({ apiUrl: 'https://api.github.com', repository: 'acme/fleet' });
    expect(forgeIdentity('github', 'https://ghe.example.com/acme/fleet', { apiUrl: null, repository: null })).toEqual({ apiUrl: 'https://ghe.example.com/api/v3', repository: 'acme/fleet' });
    expect(forgeIdentity('gitlab', 'https://gitlab.com/platform/apps/fleet.git', { apiUrl: null, repository: null })).toEqual({ apiUrl: 'https://gitlab.com/api/v4', repository: 'platform/apps/fleet' });
    expect(forgeIdentity('gitea', 'http://git.local:3000/acme/fleet.git', { apiUrl: null, repository: null })).toEqual({ apiUrl: 'http://git.local:3000/api/v1', repository: 'acme/fleet' });
    expect(forgeIdentity('gitea', 'https://git.local/acme/fleet', { apiUrl: 'https://api.local/api/v1', repository: 'other/repo' })).toEqual({ apiUrl: 'https://api.local/api/v1', repository: 'other/repo' });
  });

  it('ambiguous: a GitHub or Gitea URL with more than owner/name, or an ssh URL, asks for the value', () => {
    expect(forgeIdentity('github', 'https://git.example.com/scm/team/acme/fleet.git', { apiUrl: null, repository: null })).toMatchObject({ error: expect.stringMatching(/^providerRepository: cannot be derived/) });
    expect(forgeIdentity('gitea', 'ssh://git@git.local/acme/fleet.git', { apiUrl: null, repository: null })).toMatchObject({ error: expect.stringMatching(/^providerRepository/) });
    expect(forgeIdentity('gitea', 'ssh://git@git.local/acme/fleet.git', { apiUrl: null, repository: 'acme/fleet' })).toMatchObject({ error: expect.stringMatching(/^providerApiUrl/) });
  });

  it('bounded leaves short text alone', () => {
    expect(bounded('short', 100, 'x')).toBe('short');
  });
});
