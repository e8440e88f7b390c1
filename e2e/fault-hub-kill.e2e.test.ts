import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startPostgres, waitFor, type TestPostgres } from '@flotilla/testenv';
import { startHub, type RunningHub } from './support/hub-process.js';
import { createRegistrationToken, loginAsAdmin } from './support/hub-session.js';
import { deliveryFigures, produceReports, startReportStream, storedReports, type ReportStream } from './support/report-stream.js';

// The hub SIGKILLed (its whole process group: pnpm and node, no shutdown code runs) while it ingests a stream of
// reports from the agent's own outbox and connection, then started again on the same port and database. Real
// hub (`pnpm start`), real Postgres. The figures are printed as one `fault-figures` line.

describe('fault: the hub is SIGKILLed mid-ingestion and restarted', () => {
  let pg: TestPostgres;
  let hub: RunningHub;
  let databaseUrl = '';
  let stream: ReportStream | undefined;
  const hubEnv = { FLOTILLA_AGENT_RATE_BATCHES: '500' };

  beforeAll(async () => {
    pg = await startPostgres();
    databaseUrl = await pg.createDatabase({ migrate: false });
    hub = await startHub({ databaseUrl, heartbeatTimeoutMs: 5_000, env: hubEnv });
  }, 120_000);
  afterAll(async () => {
    await stream?.stop();
    await hub?.stop();
    await pg?.stop();
  });

  it('every report the agent saw acknowledged is stored exactly once, and the unacknowledged ones arrive after the restart', async () => {
    const session = await loginAsAdmin(hub.url, hub.adminPassword);
    const { token } = await createRegistrationToken(session, 'stream-kill');
    const s = (stream = await startReportStream({ hubUrl: hub.url, token, dir: await makeTempDir('e2e-fault-hub-kill') }));

    // The agent keeps reporting the whole time: before, during and after the crash, 1–4 events a batch.
    const total = 1_200;
    const producing = produceReports(s, total, 4);

    await waitFor(async () => (s.acked().size >= 300 ? true : undefined), { timeoutMs: 30_000, what: '300 reports acknowledged' });
    const sentAtKill = s.sent();
    const ackedAtKill = s.acked().size;
    await hub.kill();
    const killedAt = Date.now();
    // Down for a moment while the agent goes on reporting into its outbox.
    await new Promise((r) => setTimeout(r, 1_500));
    const restartAt = Date.now();
    hub = await startHub({ databaseUrl, heartbeatTimeoutMs: 5_000, port: hub.port, dataDir: hub.dataDir, env: hubEnv });
    const readyAt = Date.now();
    await producing;
    await waitFor(async () => (s.pending() === 0 && s.acked().size === total ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: 'every report acknowledged after the restart',
    });
    const drainedAt = Date.now();

    const figures = deliveryFigures(s.sent(), s.acked(), await storedReports(databaseUrl, s.clusterId));
    console.log(
      `fault-figures hub-sigkill ${JSON.stringify({
        ...figures,
        sentAtKill,
        ackedAtKill,
        unackedAtKill: sentAtKill - ackedAtKill,
        hubDownMs: readyAt - killedAt,
        restartToReadyMs: readyAt - restartAt,
        readyToAllAckedMs: drainedAt - readyAt,
      })}`,
    );
    expect(sentAtKill - ackedAtKill).toBeGreaterThan(0);
    expect(figures).toEqual({ sent: total, acked: total, stored: total, doubled: 0, ackedNotStored: 0, lost: 0 });
  }, 150_000);
});
