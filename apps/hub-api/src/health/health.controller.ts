import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { fleetRole } from '../auth/access.js';
import type { HubRequest } from '../auth/http-request.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { HealthRepository } from './health.repository.js';
import { MetricsService } from './metrics.service.js';
import { HUB_VERSION } from '../version.js';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthRepository,
    private readonly metrics: MetricsService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /**
   * The process is alive (no dependency checks: a DB outage must not make Kubernetes restart every hub), and its
   * version, which `flotilla version` prints beside its own.
   */
  @Get('healthz')
  @HttpCode(200)
  healthz() {
    return { status: 'ok', version: HUB_VERSION };
  }

  /** The hub can serve: Postgres answers and the first admin exists. */
  @Get('readyz')
  async readyz(@Res() res: Response): Promise<void> {
    const database = await this.health.databaseReachable();
    const admin = database && (await this.health.adminExists());
    const ok = database && admin;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'unavailable',
      checks: { database: database ? 'ok' : 'unreachable', admin: admin ? 'ok' : 'pending' },
    });
  }

  /**
   * Prometheus metrics, for a scrape that sends `Authorization: Bearer <FLOTILLA_METRICS_TOKEN>` or for an admin
   * (session or API token). They name clusters' traffic and the hub's internals, so nobody else reads them.
   */
  @Get('metrics')
  async render(@Req() req: HubRequest, @Res() res: Response): Promise<void> {
    if (!this.mayReadMetrics(req)) {
      const status = req.actor ? 403 : 401;
      if (status === 401) res.setHeader('www-authenticate', 'Bearer realm="flotilla metrics"');
      res.status(status).json({
        error: {
          code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN',
          message: status === 401 ? 'send Authorization: Bearer <FLOTILLA_METRICS_TOKEN>, or log in as an admin' : 'only admins read /metrics',
        },
      });
      return;
    }
    res.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    res.end(await this.metrics.render());
  }

  private mayReadMetrics(req: HubRequest): boolean {
    if (req.actor && fleetRole(req.actor) === 'ADMIN') return true;
    const expected = this.config.metrics?.token;
    const header = req.get('authorization');
    if (!expected || !header?.startsWith('Bearer ')) return false;
    // Compared as digests so the comparison takes the same time whatever the length of the guess.
    const digest = (v: string) => createHash('sha256').update(v).digest();
    return timingSafeEqual(digest(header.slice('Bearer '.length).trim()), digest(expected));
  }
}
