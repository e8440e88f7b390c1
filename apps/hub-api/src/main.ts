import 'reflect-metadata';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { LocalPostgresError } from '@flotilla/local-postgres';
import { migrate } from '@flotilla/prisma';
import { JsonLogger } from './common/logger.js';
import { ConfigError, loadConfig, repoRoot } from './config.js';
import { createHub } from './create-hub.js';
import { startEmbeddedPostgres, type RunningPostgres } from './db/embedded-postgres.js';
import { describeFailure, StartupError } from './startup-error.js';
import { collectStartupGarbage } from './startup-gc.js';
import { ensureWebUiBuilt } from './web/ensure-web-ui-built.js';

type Hub = Awaited<ReturnType<typeof createHub>>;

// `pnpm start`: embedded Postgres (unless FLOTILLA_DATABASE_URL), migrations, the hub, the admin login once.
async function main(): Promise<void> {
  const started = performance.now();
  // WebAssembly (Prisma's query compiler, 1.7 MB of it) is compiled by V8's baseline compiler only: with the
  // optimizing tier too, what its threads allocated stayed in glibc's malloc arenas (the idle hub's RSS was about
  // 20 MiB higher) and queries were no faster (bench/README.md, hub idle RSS). Set here, before the first query
  // compiles it, because Node does not take V8's WebAssembly flags in NODE_OPTIONS.
  setFlagsFromString('--liftoff-only');
  const config = loadConfig();
  const log = new JsonLogger(config.log.level);
  // Kept as promises so that a signal during start-up waits for the part being started, then stops it.
  let pg: Promise<RunningPostgres> | undefined;
  let hub: Promise<Hub> | undefined;

  // Installed first, so Ctrl-C while Postgres starts still stops it: the server runs in its own process
  // group and would otherwise outlive us.
  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      log.info('shutting down', { reason });
      await hub?.then((h) => h.close()).catch((err: unknown) => log.error('hub close failed', { error: describeFailure(err) }));
      await pg?.then((p) => p.stop()).catch((err: unknown) => log.error('postgres stop failed', { error: describeFailure(err) }));
      process.stdout.write('Flotilla hub stopped\n');
      process.exit(0);
    })());
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // `pnpm start` runs us under pnpm. A supervisor that signals only the top process (systemd with
  // KillMode=process, `timeout`, an IDE's stop button) would leave this hub and its embedded Postgres
  // running as orphans; when our parent goes away, we shut down as if signalled.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('parent exited');
  }, 1_000).unref();

  if (!process.env.FLOTILLA_SKIP_WEB_BUILD) ensureWebUiBuilt(path.join(repoRoot, 'apps/web-ui'), config.web.distDir, log);
  let databaseUrl = config.db.url;
  if (!databaseUrl) {
    pg = startEmbeddedPostgres(config.db.dataDir, log);
    databaseUrl = (await pg).url;
  }
  if (stopping) return;
  let running: Hub;
  let admin: Awaited<ReturnType<Hub['auth']['ensureAdmin']>>;
  try {
    const migrations = await migrate(databaseUrl);
    if (migrations.applied.length) log.info('migrations applied', { applied: migrations.applied });
    if (stopping) return;
    hub = createHub(config, { databaseUrl, logger: log });
    running = await hub;
    admin = await running.auth.ensureAdmin();
  } catch (err) {
    // Do not leave the embedded Postgres running behind a hub that could not start.
    await pg?.then((p) => p.stop()).catch(() => undefined);
    throw err;
  }
  if (stopping) return;

  const shown = config.http.publicUrl ?? running.url;
  log.info('hub ready', { url: shown, startupMs: Math.round(performance.now() - started), database: pg ? 'embedded' : 'external' });
  // Human-facing lines on stderr-free stdout, outside the JSON log, so they are easy to spot.
  const lines = [``, `  Flotilla hub: ${shown}`];
  if (admin) {
    lines.push(
      admin.generated
        ? `  First start: log in as "${admin.username}" with password ${admin.password}  (shown once; it is stored only as a hash)`
        : `  First start: log in as "${admin.username}" with the password from FLOTILLA_ADMIN_PASSWORD`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  collectStartupGarbage();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(64);
  }
  if (err instanceof StartupError || err instanceof LocalPostgresError) {
    process.stderr.write(`flotilla hub: ${err.message}\n`);
    process.exit(1);
  }
  if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
    process.stderr.write(`flotilla hub: ${err.message}; another process uses that address. Set FLOTILLA_PORT (or FLOTILLA_HOST).\n`);
    process.exit(1);
  }
  process.stderr.write(`flotilla hub failed to start: ${describeFailure(err)}\n`);
  if (process.env.FLOTILLA_LOG_LEVEL === 'debug') process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
