import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../paths.js';
import { makeTempDir } from './temp-dir.js';
import { waitFor } from './wait.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('stray processes', () => {
  it('are killed when the test process itself is SIGKILLed', async () => {
    const dir = await makeTempDir('reaper-test');
    const script = path.join(dir, 'victim.ts');
    const pidFile = path.join(dir, 'child.pid');
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';
import { ManagedProcess } from ${JSON.stringify(path.join(repoRoot, 'packages/testenv/src/process/managed-process.ts'))};
const p = ManagedProcess.start({ name: 'sleeper', command: 'sleep', args: ['300'], logPath: ${JSON.stringify(path.join(dir, 'sleep.log'))} });
writeFileSync(${JSON.stringify(pidFile)}, String(p.pid));
setInterval(() => {}, 1000);
`,
    );
    const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
    const victim = spawn(tsx, [script], { stdio: 'ignore' });
    const childPid = await waitFor(
      async () => {
        return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) || undefined : undefined;
      },
      { timeoutMs: 20_000, what: 'the victim to start its child' },
    );
    expect(alive(childPid)).toBe(true);
    // tsx runs the script in a child node process; kill the whole tree without letting exit hooks run.
    execFileSync('pkill', ['-KILL', '-P', String(victim.pid)]);
    victim.kill('SIGKILL');
    await waitFor(async () => (alive(childPid) ? undefined : true), { timeoutMs: 10_000, what: 'the reaper to kill the orphan' });
    expect(alive(childPid)).toBe(false);
  });
});
