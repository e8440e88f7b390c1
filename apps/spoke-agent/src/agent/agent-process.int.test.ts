import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnAgent, type AgentProcess } from '../testing/agent-process.js';
import { startStandInHub, type StandInHub } from '../testing/stand-in-hub.js';

// The agent process on its own. Normal traffic with the real hub is in agent-hub.int.test.ts; the stand-in
// hub is used here only for an expired token, which the real hub cannot produce quickly (its minimum TTL is 60 s).
describe('flotilla agent (process)', () => {
  let dir: string;
  const running: AgentProcess[] = [];
  const hubs: StandInHub[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flotilla-agent-proc-'));
  });
  afterEach(async () => {
    for (const p of running.splice(0)) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
    for (const h of hubs.splice(0)) await h.stop();
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  function agent(args: string[], env: NodeJS.ProcessEnv = {}): AgentProcess {
    const p = spawnAgent(args, env);
    running.push(p);
    return p;
  }
  async function kubeconfig(): Promise<string> {
    // Never contacted: registration fails first.
    const file = path.join(dir, 'kubeconfig');
    await fs.writeFile(
      file,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: x}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n',
    );
    return file;
  }

  it('an expired token → exit 2 and a JSON error line naming REGISTRATION_TOKEN_EXPIRED, without the token', async () => {
    const h = await startStandInHub({ tokens: { flr_expired_000000: 'expired' } });
    hubs.push(h);
    const p = agent(['--hub', h.url, '--token', 'flr_expired_000000', '--kubeconfig', await kubeconfig(), '--state-file', path.join(dir, 'expired.json')]);
    expect(await p.exited).toBe(2);
    const last = p.logLines().at(-1)!;
    expect(last).toMatchObject({ level: 'error', exitCode: 2 });
    expect(last.msg).toContain('REGISTRATION_TOKEN_EXPIRED');
    expect(last.msg).toContain('has expired');
    expect(p.stderr()).not.toContain('flr_expired_000000');
  });

  it('bad flags → exit 64 with a plain message, before touching anything', async () => {
    const p = agent(['--hub', 'http://127.0.0.1:1', '--log-level', 'chatty']);
    expect(await p.exited).toBe(64);
    expect(p.stderr()).toContain('--log-level must be debug, info, warn or error');
  });

  it('a missing --kubeconfig file → exit 64 naming the file', async () => {
    const p = agent(['--hub', 'http://127.0.0.1:1', '--kubeconfig', path.join(dir, 'nope')]);
    expect(await p.exited).toBe(64);
    expect(p.logLines().at(-1)!.msg).toContain(`kubeconfig ${path.join(dir, 'nope')} does not exist`);
  });

  it('--help prints usage and exits 0', async () => {
    const p = agent(['--help']);
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain('usage: pnpm --silent flotilla agent --hub URL');
  });
});
