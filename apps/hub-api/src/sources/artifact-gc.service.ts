import { Inject, Injectable } from '@nestjs/common';
import type { ArtifactStore } from '@flotilla/git-source';
import { collectGarbage, defaultArtifactsToKeep, type GcResult } from '../artifacts/artifact-gc.js';
import { JsonLogger } from '../common/logger.js';
import { ArtifactsRepository } from './artifacts.repository.js';
import { SourceUsageRepository } from './source-usage.repository.js';
import { ARTIFACT_STORE } from './sources.providers.js';

// Files no row mentions (a put whose row was never written, a deleted source) go after an hour.
const orphanGraceMs = 60 * 60_000;

/** Keeps the newest 3 artifacts per source and anything a status or an assignment (current or previous) names. */
@Injectable()
export class ArtifactGc {
  constructor(
    private readonly artifacts: ArtifactsRepository,
    private readonly usage: SourceUsageRepository,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly log: JsonLogger,
  ) {}

  async run(): Promise<GcResult> {
    // Records first, then what is in use: a digest that becomes in use after this snapshot was in a status
    // or assignment we read afterwards, so it is never the one deleted.
    const artifactsBySource = await this.artifacts.bySource();
    const inUse = await this.usage.digestsInUse();
    const result = await collectGarbage({ store: this.store, artifactsBySource, inUse, keep: defaultArtifactsToKeep, orphanGraceMs });
    await this.artifacts.deleteRows(result.deleted);
    if (result.deleted.length) this.log.info('artifacts collected', { deleted: result.deleted.length });
    return result;
  }
}
