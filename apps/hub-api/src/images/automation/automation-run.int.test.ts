import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialHttpClient } from '@flotilla/git-source';
import { startGitServer, type TestGitServer } from '@flotilla/testenv';
import type { HttpClient } from 'isomorphic-git';
import { markedDeployment as deployment } from '../image-test-fixtures.js';
import { runAutomation, type AutomationRunInput } from './automation-run.js';


describe('runAutomation against a real git server', () => {
  let git: TestGitServer;
  beforeAll(async () => {
    git = await startGitServer();
  });
  afterAll(() => git?.stop());

  const show = (repo: string, ...args: string[]): string => execFileSync('git', ['--git-dir', path.join(git.reposDir, `${repo}.git`), 'show', ...args], { encoding: 'utf8' });
  const input = (url: string, over: Partial<AutomationRunInput> = {}): AutomationRunInput => ({
    remote: { url, http: () => credentialHttpClient({ url, signal: AbortSignal.timeout(30_000) }) },
    automation: { namespace: 'flux-system', name: 'apps' },
    checkoutBranch: 'main',
    target: { kind: 'push', branch: 'main' },
    updatePath: './apps',
    policies: { 'flux-system:app': { name: 'reg.example/app', tag: '1.0.1' } },
    author: { name: 'Flux', email: 'flux@example.com' },
    messageTemplate: undefined,
    now: () => new Date('2026-12-03T10:00:00Z'),
    ...over,
  });

  it('push mode (Flux): one commit on the branch with the marked value rewritten, the default message, and nothing outside update.path touched', async () => {
    const url = await git.createRepo('push-mode');
    await git.pushFiles(url, { 'apps/app.yaml': deployment('reg.example/app:1.0.0'), 'other/app.yaml': deployment('reg.example/app:1.0.0') });
    const r = await runAutomation(input(url));
    expect(r.kind).toBe('committed');
    if (r.kind !== 'committed') return;
    expect(r.changes).toEqual([{ file: 'apps/app.yaml', object: 'Deployment/default/app', setter: 'flux-system:app', policy: 'flux-system:app', oldValue: 'reg.example/app:1.0.0', newValue: 'reg.example/app:1.0.1' }]);
    expect(r.files[0]?.diff).toContain('-          image: reg.example/app:1.0.0 # {"$imagepolicy": "flux-system:app"}');
    expect(show('push-mode', 'main:apps/app.yaml')).toBe(deployment('reg.example/app:1.0.1'));
    expect(show('push-mode', 'main:other/app.yaml')).toBe(deployment('reg.example/app:1.0.0'));
    expect(show('push-mode', '--no-patch', '--format=%an <%ae>%n%s', 'main')).toBe('Flux <flux@example.com>\nUpdate from image update automation\n');
    // A second run finds nothing to do.
    expect((await runAutomation(input(url))).kind).toBe('no-change');
  });

  it('a push refused as non-fast-forward (someone pushed meanwhile) is redone on the new head, never forced', async () => {
    const url = await git.createRepo('race');
    await git.pushFiles(url, { 'apps/app.yaml': deployment('reg.example/app:1.0.0') });
    let raced = false;
    const racing = (): HttpClient => {
      const inner = credentialHttpClient({ url, signal: AbortSignal.timeout(30_000) });
      return {
        async request(req) {
          if (!raced && req.url.endsWith('/git-receive-pack')) {
            raced = true;
            await git.pushFiles(url, { 'README.md': 'someone else\n' });
          }
          return inner.request(req);
        },
      };
    };
    const r = await runAutomation(input(url, { remote: { url, http: racing } }));
    expect(raced).toBe(true);
    expect(r.kind).toBe('committed');
    // Both commits are on main: the other one first, the automation's on top of it.
    expect(show('race', 'main:README.md')).toBe('someone else\n');
    expect(show('race', 'main:apps/app.yaml')).toBe(deployment('reg.example/app:1.0.1'));
    expect(show('race', '--no-patch', '--format=%s', 'main~1')).not.toContain('image update');
  });

  it('a marker naming a missing policy is left unchanged with a warning; the proposal target rewrites its own branch only', async () => {
    const url = await git.createRepo('proposal');
    await git.pushFiles(url, { 'apps/app.yaml': deployment('reg.example/app:1.0.0'), 'apps/ghost.yaml': deployment('reg.example/ghost:0.1', 'flux-system:ghost') });
    const r = await runAutomation(input(url, { target: { kind: 'proposal', branch: 'flotilla/update-apps' } }));
    expect(r.warnings).toEqual(['apps/ghost.yaml: marker names ImagePolicy flux-system:ghost, which does not exist or has no latest image; value left unchanged']);
    expect(show('proposal', 'main:apps/app.yaml')).toBe(deployment('reg.example/app:1.0.0'));
    expect(show('proposal', 'flotilla/update-apps:apps/app.yaml')).toBe(deployment('reg.example/app:1.0.1'));
    // The next tag rewrites the proposal branch from main again (one commit on top of main).
    const again = await runAutomation(input(url, { target: { kind: 'proposal', branch: 'flotilla/update-apps' }, policies: { 'flux-system:app': { name: 'reg.example/app', tag: '1.0.2' } } }));
    expect(again.kind).toBe('committed');
    expect(show('proposal', 'flotilla/update-apps:apps/app.yaml')).toBe(deployment('reg.example/app:1.0.2'));
    expect(execFileSync('git', ['--git-dir', path.join(git.reposDir, 'proposal.git'), 'rev-list', '--count', 'main..flotilla/update-apps'], { encoding: 'utf8' }).trim()).toBe('1');
  });
});
