import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startPostgres, startToxiproxy, waitFor, type TestPostgres, type TestToxiproxy, type ToxiproxyProxy } from '@flotilla/testenv';
import { startHub, type RunningHub } from './support/hub-process.js';
import { createRegistrationToken, loginAsAdmin } from './support/hub-session.js';
import { deliveryFigures, produceReports, startReportStream, storedReports } from './support/report-stream.js';

// Postgres goes away under load and comes back, as the hub sees a database restart: the hub reaches Postgres
// only through Toxiproxy, and the proxy is disabled (every open connection closed, new ones refused) for a while
// as the agent's own outbox and connection stream reports in. Real hub (`pnpm start`), real Postgres.

const readyz = async (url: string): Promise<number> => {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) })).status;
  } catch {
    return 0;
  }
};

describe('fault: Postgres unreachable under load, then back', () => {
  let pg: TestPostgres;
  let toxi: TestToxiproxy;
  let db: ToxiproxyProxy;
  let hub: RunningHub;
  let directUrl = '';

  beforeAll(async () => {
    [pg, toxi] = await Promise.all([startPostgres(), startToxiproxy()]);
    directUrl = await pg.createDatabase({ migrate: false });
    const direct = new URL(directUrl);
    db = await toxi.api.createProxy('hub-postgres', `127.0.0.1:${direct.port}`);
    const proxied = new URL(directUrl);
    proxied.port = String(db.port);
    hub = await startHub({ databaseUrl: proxied.toString(), heartbeatTimeoutMs: 5_000, env: { FLOTILLA_AGENT_RATE_BATCHES: '500' } });
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await toxi?.stop();
    await pg?.stop();
  });

  /** Streams reports, cuts the database with `cut` for about five seconds, restores it, and checks the outcome. */
  const outage = async (name: string, cut: () => Promise<void>, restore: () => Promise<void>): Promise<void> => {
    const session = await loginAsAdmin(hub.url, hub.adminPassword);
    const { token } = await createRegistrationToken(session, `stream-${name}`);
    const s = await startReportStream({ hubUrl: hub.url, token, dir: await makeTempDir('e2e-fault-pg') });
    const total = 1_000;
    const producing = produceReports(s, total, 8);
    try {
      await waitFor(async () => (s.acked().size >= 200 ? true : undefined), { timeoutMs: 30_000, watch: [hub.process], what: '200 reports acknowledged' });
      expect(await readyz(hub.url)).toBe(200);

      const sentAtCut = s.sent();
      const ackedAtCut = s.acked().size;
      await cut();
      const cutAt = Date.now();
      await waitFor(async () => ((await readyz(hub.url)) === 503 ? true : undefined), { timeoutMs: 10_000, watch: [hub.process], what: '/readyz to say 503' });
      const notReadyAfterMs = Date.now() - cutAt;
      // Stays not ready, and stores nothing, for the whole outage.
      const ackedDuringOutage = s.acked().size;
      const until = Date.now() + 5_000;
      while (Date.now() < until) {
        await new Promise((r) => setTimeout(r, 500));
        expect(await readyz(hub.url)).toBe(503);
      }
      expect(s.acked().size).toBe(ackedDuringOutage);

      await restore();
      const backAt = Date.now();
      await waitFor(async () => ((await readyz(hub.url)) === 200 ? true : undefined), { timeoutMs: 30_000, watch: [hub.process], what: '/readyz to say 200 again' });
      const readyAgainMs = Date.now() - backAt;
      await producing;
      await waitFor(async () => (s.pending() === 0 && s.acked().size === total ? true : undefined), {
        timeoutMs: 60_000,
        intervalMs: 100,
        watch: [hub.process],
        what: 'every report acknowledged after Postgres came back',
      });
      const drainedMs = Date.now() - backAt;

      const figures = deliveryFigures(s.sent(), s.acked(), await storedReports(directUrl, s.clusterId));
      console.log(
        `fault-figures postgres-${name} ${JSON.stringify({ ...figures, sentAtCut, ackedAtCut, outageMs: backAt - cutAt, notReadyAfterMs, readyAgainMs, backToAllAckedMs: drainedMs })}`,
      );
      expect(figures).toEqual({ sent: total, acked: total, stored: total, doubled: 0, ackedNotStored: 0, lost: 0 });
      expect(hub.process.running).toBe(true);
    } finally {
      await s.stop();
    }
  };

  it('connections reset and refused (a restart): /readyz says not ready meanwhile, the hub reconnects by itself, no report lost or doubled', async () => {
    await outage('restart', () => db.setEnabled(false), () => db.setEnabled(true));
  }, 150_000);

  it('connections blackholed (a partition: nothing answers, nothing closes): /readyz says not ready meanwhile, the hub recovers, no report lost or doubled', async () => {
    await outage(
      'blackhole',
      async () => {
        await db.addToxic({ type: 'timeout', attributes: { timeout: 0 } }, { stream: 'upstream', name: 'partition-up' });
        await db.addToxic({ type: 'timeout', attributes: { timeout: 0 } }, { stream: 'downstream', name: 'partition-down' });
      },
      async () => {
        await db.removeToxic('partition-up');
        await db.removeToxic('partition-down');
      },
    );
  }, 150_000);
});
