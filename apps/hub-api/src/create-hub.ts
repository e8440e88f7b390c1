import { refuseUnstorableHttpInput } from './common/storable-input.js';
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { createPrismaClient } from '@flotilla/prisma/client';
import { AppModule } from './app.module.js';
import { AuthService } from './auth/auth.service.js';
import { createIngestionPool, createPresencePool } from './db/prisma.service.js';
import type { Clock } from './common/clock.js';
import { HubErrorFilter } from './common/error.filter.js';
import { JsonLogger } from './common/logger.js';
import { ingestionBatching, type HubConfig } from './config.js';
import { keepHookRawBody } from './notifications/receivers/receiver-body.js';
import { serveWebUi } from './web/serve-web-ui.js';

/** The largest request body the hub reads (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface Hub {
  app: INestApplication;
  config: HubConfig;
  /** http://host:port the hub listens on. */
  url: string;
  auth: AuthService;
  close(): Promise<void>;
}

export interface HubOptions {
  databaseUrl: string;
  logger?: JsonLogger;
  /** Tests move time (token expiry) with their own clock. */
  clock?: Clock;
}

/** Builds and starts a hub on an existing, migrated database. Used by main.ts and by the tests. */
export async function createHub(config: HubConfig, opts: HubOptions): Promise<Hub> {
  const logger = opts.logger ?? new JsonLogger(config.log.level);
  const prisma = createPrismaClient(opts.databaseUrl);
  const presenceDb = createPresencePool(opts.databaseUrl, (err) => logger.warn('presence database connection failed', { error: err.message }));
  // One connection per report-batch transaction under way, and one for a batch being skipped meanwhile.
  const ingestionDb = createIngestionPool(opts.databaseUrl, ingestionBatching(config).concurrency + 1, (err) =>
    logger.warn('ingestion database connection failed', { error: err.message }),
  );
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl: opts.databaseUrl, prisma, presenceDb, ingestionDb, logger, clock: opts.clock }), {
    logger,
    bodyParser: false,
  });
  // Every HTTP body the hub accepts is a small JSON document (GraphQL, login, registration); a larger one is
  // refused with 413 before it is buffered whole.
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, verify: keepHookRawBody });
  app.useBodyParser('urlencoded', { limit: MAX_BODY_BYTES, extended: false, verify: keepHookRawBody });
  app.use(refuseUnstorableHttpInput);
  app.disable('x-powered-by');
  // X-Forwarded-For is believed only from the proxies the operator names: otherwise any client could pick the
  // address the login throttle and the audit log see. Without any, the socket's address is the client's.
  const proxies = config.http.trustedProxies ?? [];
  app.set('trust proxy', proxies.length > 0 ? proxies : false);
  app.use(cookieParser());
  // The UI is never framed and never sniffed; a CSP comes with the web UI's final asset layout.
  app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'same-origin');
    next();
  });
  for (const handler of serveWebUi(config.web.distDir)) app.use(handler);
  app.useGlobalFilters(new HubErrorFilter(logger));
  // No enableShutdownHooks(): Nest's signal handler would close the app and then re-raise the signal, racing
  // main.ts, which owns the signals and closes the hub before it stops the embedded Postgres.
  try {
    await app.listen(config.http.port, config.http.host);
  } catch (err) {
    // Modules are running by now (the source scheduler polls the database): stop them before the caller
    // stops the database, or they log connection errors that bury the real reason.
    await app.close().catch(() => undefined);
    await Promise.all([prisma.$disconnect(), presenceDb.end(), ingestionDb.end()]).catch(() => undefined);
    throw err;
  }
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  // Port 0 (tests, benchmarks) means "any free port": record the real one so agent commands show it.
  if (config.http.port === 0) config.http.port = address.port;
  return {
    app,
    config,
    url,
    auth: app.get(AuthService),
    close: async () => {
      await app.close();
      await Promise.all([prisma.$disconnect(), presenceDb.end(), ingestionDb.end()]);
    },
  };
}
