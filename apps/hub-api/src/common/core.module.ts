import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { PrismaClient } from '@flotilla/prisma/client';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { DATABASE_URL, HUB_CONFIG, type HubConfig } from '../config.js';
import { INGESTION_DB, PRESENCE_DB, PRISMA, type IngestionDb, type PresenceDb } from '../db/prisma.service.js';
import { TransactionScope, transactionAware } from '../db/transaction-scope.js';
import { MetricsService } from '../health/metrics.service.js';
import { SocketServer } from '../realtime/socket-server.js';
import { Clock } from './clock.js';
import { HubEvents } from './hub-events.js';
import { IdGenerator } from './id-generator.js';
import { JobLeases } from './job-leases.repository.js';
import { JsonLogger } from './logger.js';
import { TokenHasher } from './token-hasher.js';

export interface CoreDeps {
  config: HubConfig;
  /** The database the Prisma client and the presence pool use; the socket adapter opens its own connections to it. */
  databaseUrl: string;
  prisma: PrismaClient;
  presenceDb: PresenceDb;
  ingestionDb: IngestionDb;
  logger: JsonLogger;
  clock?: Clock;
}

/** What every module may inject: config, the side-effect injectables, Prisma (for repositories), audit, metrics. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    const providers = [
      { provide: HUB_CONFIG, useValue: deps.config },
      { provide: DATABASE_URL, useValue: deps.databaseUrl },
      // Repositories inject this client; inside a TransactionScope it is the scope's transaction.
      { provide: PRISMA, useValue: transactionAware(deps.prisma) },
      { provide: PRESENCE_DB, useValue: deps.presenceDb },
      { provide: INGESTION_DB, useValue: deps.ingestionDb },
      { provide: JsonLogger, useValue: deps.logger },
      { provide: Clock, useValue: deps.clock ?? new Clock() },
      IdGenerator,
      TokenHasher,
      HubEvents,
      JobLeases,
      MetricsService,
      SocketServer,
      AuditRepository,
      AuditService,
      TransactionScope,
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
