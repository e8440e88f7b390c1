import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// If the test process is killed hard (SIGKILL, a crashed vitest worker), its exit handlers never run and
// the control planes it started would live on. A small detached watchdog polls the parent's pid and, once
// it is gone, kills every process group listed in its file. Started once per process, on first use.
const watchdogSource = `
const fs = require('node:fs');
const [parentPid, listFile, dirsFile] = process.argv.slice(1);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const read = (f) => { try { return fs.readFileSync(f, 'utf8').split('\\n').filter(Boolean); } catch { return []; } };
const timer = setInterval(() => {
  if (alive(Number(parentPid))) return;
  clearInterval(timer);
  for (const pgid of read(listFile)) { try { process.kill(-Number(pgid), 'SIGKILL'); } catch {} }
  setTimeout(() => {
    for (const dir of read(dirsFile)) { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} }
    for (const f of [listFile, dirsFile]) { try { fs.rmSync(f, { force: true }); } catch {} }
    process.exit(0);
  }, 500);
}, 500);
`;

interface Reaper {
  listFile: string;
  dirsFile: string;
}

let reaper: Reaper | undefined;

function ensureReaper(): Reaper {
  if (reaper) return reaper;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-reaper-'));
  const listFile = path.join(dir, 'pgids');
  const dirsFile = path.join(dir, 'dirs');
  writeFileSync(listFile, '');
  writeFileSync(dirsFile, `${dir}\n`);
  const child = spawn(process.execPath, ['-e', watchdogSource, String(process.pid), listFile, dirsFile], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  reaper = { listFile, dirsFile };
  return reaper;
}

export function registerProcessGroup(pgid: number): void {
  appendFileSync(ensureReaper().listFile, `${pgid}\n`);
}

export function registerTempDir(dir: string): void {
  appendFileSync(ensureReaper().dirsFile, `${dir}\n`);
}
