import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelayMs } from '@flotilla/spoke-agent';

// Reconnect storm after a hub restart (DESIGN.md §4: "10 000 agents reconnecting after a hub restart must not
// melt the hub"). Every agent loses the hub at t=0; the hub is back at t=downMs. Each agent retries on its
// own backoff schedule; attempts while the hub is down are refused at TCP level (no hub work), attempts after
// succeed. It is a simulation of the schedules (the real backoff functions, no sockets), so it is exact and fast. We measure what the hub feels: the peak number of new connections in any 1 s window, and how long
// until the whole fleet is back. The peer is socket.io-client's own reconnection (its Backoff with the
// Manager's defaults: 1 s doubling to 5 s, randomizationFactor 0.5), run on the same fleet in the same process.
const AGENTS = 10_000;

interface Outcome {
  peakPerSecond: number;
  allBackMs: number;
}

function simulate(downMs: number, nextDelay: (attempt: number, state: Record<string, unknown>) => number): Outcome {
  const arrivals: number[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const state: Record<string, unknown> = {};
    let t = 0;
    for (let attempt = 0; ; attempt++) {
      t += nextDelay(attempt, state);
      if (t >= downMs) break;
    }
    arrivals.push(t);
  }
  arrivals.sort((a, b) => a - b);
  let peak = 0;
  for (let lo = 0, hi = 0; hi < arrivals.length; hi++) {
    while (arrivals[hi]! - arrivals[lo]! >= 1000) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return { peakPerSecond: peak, allBackMs: arrivals.at(-1)! - downMs };
}

async function socketIoBackoff(): Promise<new (opts: { min: number; max: number; jitter: number }) => { duration(): number }> {
  // Not exported by the package; loaded from its build by path so the peer is the real implementation.
  const require = createRequire(import.meta.url);
  const entry = require.resolve('socket.io-client');
  const file = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}build${path.sep}`)), 'build', 'esm', 'contrib', 'backo2.js');
  return ((await import(pathToFileURL(file).href)) as { Backoff: never }).Backoff;
}

it('full-jitter reconnects spread a 10 000-agent fleet: peak connections/s vs socket.io-client defaults', async () => {
  const Backoff = await socketIoBackoff();
  const rows: string[] = [];
  for (const downMs of [5_000, 20_000, 60_000]) {
    const flotilla = simulate(downMs, (attempt) => backoffDelayMs(attempt, DEFAULT_BACKOFF));
    const socketIo = simulate(downMs, (_attempt, state) => {
      state.b ??= new Backoff({ min: 1000, max: 5000, jitter: 0.5 });
      return (state.b as { duration(): number }).duration();
    });
    rows.push(
      `  hub down ${String(downMs / 1000).padStart(2)} s | flotilla peak ${String(flotilla.peakPerSecond).padStart(5)}/s, all back ${(flotilla.allBackMs / 1000).toFixed(1).padStart(4)} s` +
        ` | socket.io peak ${String(socketIo.peakPerSecond).padStart(5)}/s, all back ${(socketIo.allBackMs / 1000).toFixed(1).padStart(4)} s` +
        ` | peak ratio ${(socketIo.peakPerSecond / flotilla.peakPerSecond).toFixed(2)}x`,
    );
    if (downMs >= 20_000) expect(flotilla.peakPerSecond).toBeLessThan(socketIo.peakPerSecond);
  }
  console.log(
    `reconnect storm, ${AGENTS} agents; flotilla = full jitter ${DEFAULT_BACKOFF.baseMs} ms doubling to ${DEFAULT_BACKOFF.maxMs} ms, ` +
      `socket.io = client defaults (1 s doubling to 5 s, ±50%)\n${rows.join('\n')}`,
  );
});
