import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RegistrationService } from '../agents/registration.service.js';
import { isDigest, type ArtifactStore } from '@flotilla/git-source';
import { JsonLogger } from '../common/logger.js';
import { MetricsService } from '../health/metrics.service.js';
import { ARTIFACT_STORE } from './artifact-store.token.js';
import { sendArtifact } from './artifact-response.js';
import { AssignmentsRepository } from './assignments.repository.js';

const bearer = (header: string | undefined): string | undefined => {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
};


/**
 * `GET /artifacts/:digest` for agents (DESIGN.md §4): the cluster credential as a bearer token; 200 only for a
 * digest in the cluster's current or previous assignment, 404 for anything else — the same answer for "no such
 * artifact" and "another cluster's artifact", so nothing leaks about other clusters.
 */
@Controller('artifacts')
export class ArtifactDownloadController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly assignments: AssignmentsRepository,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly log: JsonLogger,
    private readonly metrics: MetricsService,
  ) {}

  /** Every refusal is counted by code: a cluster asking for artifacts outside its assignment shows in /metrics. */
  private fail(res: Response, status: number, code: string, message: string): void {
    this.metrics.artifactDownloadsRefused.inc({ code });
    res.status(status).json({ error: { code, message } });
  }

  @Get(':digest')
  async download(@Param('digest') raw: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const check = await this.registration.checkCredential(bearer(req.headers.authorization));
    if (!check.ok) {
      res.setHeader('www-authenticate', 'Bearer');
      return this.fail(res, 401, check.code, check.message);
    }
    // Express already decoded %3A; a digest is never anything else than sha256:<hex>.
    const digest = raw.toLowerCase() === raw ? raw : '';
    if (!isDigest(digest)) return this.fail(res, 404, 'ARTIFACT_NOT_FOUND', 'no such artifact in this cluster\'s assignment');
    if (!(await this.assignments.namesDigest(check.clusterId, digest))) {
      this.log.warn('artifact refused: not in the cluster\'s assignment', { clusterId: check.clusterId, digest });
      return this.fail(res, 404, 'ARTIFACT_NOT_FOUND', 'no such artifact in this cluster\'s assignment');
    }
    if (req.headers['if-none-match'] === `"${digest}"`) {
      res.status(304).end();
      return;
    }
    await sendArtifact(this.store, digest, res, this.log, { clusterId: check.clusterId });
  }
}
