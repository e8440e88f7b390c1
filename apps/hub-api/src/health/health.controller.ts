import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRepository } from './health.repository.js';
import { MetricsService } from './metrics.service.js';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthRepository,
    private readonly metrics: MetricsService,
  ) {}

  /** The process is alive (no dependency checks: a DB outage must not make Kubernetes restart every hub). */
  @Get('healthz')
  @HttpCode(200)
  healthz() {
    return { status: 'ok' };
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

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  render(): Promise<string> {
    return this.metrics.render();
  }
}
