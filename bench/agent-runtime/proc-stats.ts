import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

// Process figures read from /proc, for a process and everything it started (tsx may run esbuild beside Node).
// CPU includes each process's reaped children (cutime/cstime): those are gone from the tree, so nothing is
// counted twice.

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

async function readOr(file: string, fallback: string): Promise<string> {
  // A process of the tree may exit between listing and reading it.
  return readFile(file, 'utf8').catch(() => fallback);
}

/** The pid and its descendants, from each thread's `children` list. */
export async function processTree(pid: number): Promise<number[]> {
  const out: number[] = [];
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.pop()!;
    out.push(p);
    const tasks = (await readOr(`/proc/${p}/task/${p}/children`, '')).trim();
    for (const c of tasks.split(/\s+/).filter(Boolean)) todo.push(Number(c));
  }
  return out;
}

/** Resident set of one process, in KiB (0 once it has exited). */
export async function rssKiB(pid: number): Promise<number> {
  const status = await readOr(`/proc/${pid}/status`, '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** The most the process was ever resident (VmHWM), in KiB: the true peak, which 1 s samples may miss. */
export async function peakRssKiBOf(pid: number): Promise<number> {
  const status = await readOr(`/proc/${pid}/status`, '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** User + system CPU seconds of one process, its reaped children included. */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readOr(`/proc/${pid}/stat`, '');
  // The command name (field 2) may hold spaces and parentheses; the fields after its closing ")" are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime are fields 14–17 of the line, i.e. 11–14 after the name.
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return ticks / CLK_TCK;
}

export interface TreeSample {
  /** performance.now() when read. */
  at: number;
  rssKiB: number;
  cpuSeconds: number;
  processes: number;
}

export async function sampleTree(pid: number): Promise<TreeSample> {
  const pids = await processTree(pid);
  const [rss, cpu] = await Promise.all([Promise.all(pids.map(rssKiB)), Promise.all(pids.map(cpuSecondsOf))]);
  return {
    at: performance.now(),
    rssKiB: rss.reduce((a, b) => a + b, 0),
    cpuSeconds: cpu.reduce((a, b) => a + b, 0),
    processes: pids.length,
  };
}

/** Samples a process tree every `intervalMs` until stopped; the peak RSS covers the whole time. */
export class TreeSampler {
  readonly samples: TreeSample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 1000,
  ) {}

  async start(): Promise<TreeSample> {
    const first = await this.now();
    this.timer = setInterval(() => void this.now(), this.intervalMs);
    return first;
  }

  /** Reads and records a sample now (also between the periodic ones). */
  async now(): Promise<TreeSample> {
    const s = await sampleTree(this.pid);
    this.samples.push(s);
    return s;
  }

  samplesSince(at: number): TreeSample[] {
    return this.samples.filter((s) => s.at >= at);
  }

  peakRssKiB(): number {
    return Math.max(0, ...this.samples.map((s) => s.rssKiB));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
