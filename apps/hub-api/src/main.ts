import 'reflect-metadata';
import path from 'node:path';
import { migrate } from '@flotilla/prisma';
import { JsonLogger } from './common/logger.js';
import { ConfigError, loadConfig, repoRoot } from './config.js';
import { createHub } from './create-hub.js';
import { startEmbeddedPostgres, type RunningPostgres } from './db/embedded-postgres.js';
import { ensureWebUiBuilt } from './web/ensure-web-ui-built.js';

// `pnpm start`: embedded Postgres (unless FLOTILLA_DATABASE_URL), migrations, the hub, the admin login once.
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const log = new JsonLogger(config.log.level);
  if (!process.env.FLOTILLA_SKIP_WEB_BUILD) ensureWebUiBuilt(path.join(repoRoot, 'apps/web-ui'), config.web.distDir, log);
  let pg: RunningPostgres | undefined;
  let databaseUrl = config.db.url;
  if (!databaseUrl) {
    pg = await startEmbeddedPostgres(config.db.dataDir, log);
    databaseUrl = pg.url;
  }
  let hub: Awaited<ReturnType<typeof createHub>>;
  let admin: Awaited<ReturnType<typeof hub.auth.ensureAdmin>>;
  try {
    const migrations = await migrate(databaseUrl);
    if (migrations.applied.length) log.info('migrations applied', { applied: migrations.applied });
    hub = await createHub(config, { databaseUrl, logger: log });
    admin = await hub.auth.ensureAdmin();
  } catch (err) {
    // Do not leave the embedded Postgres running behind a hub that could not start.
    await pg?.stop().catch(() => undefined);
    throw err;
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await hub.close().catch((err: unknown) => log.error('hub close failed', { error: String(err) }));
    await pg?.stop().catch((err: unknown) => log.error('postgres stop failed', { error: String(err) }));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  const shown = config.http.publicUrl ?? hub.url;
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
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(64);
  }
  if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
    process.stderr.write(`flotilla hub: ${err.message}; another process uses that address. Set FLOTILLA_PORT (or FLOTILLA_HOST).\n`);
    process.exit(1);
  }
  process.stderr.write(`flotilla hub failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
