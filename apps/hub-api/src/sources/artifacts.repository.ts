import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { ArtifactRecord } from '../artifacts/artifact-gc.js';

@Injectable()
export class ArtifactsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  /** Records a stored artifact; content-addressed, so an existing digest (same tree again) keeps its row. */
  async record(a: { digest: string; sourceId: string; revision: string; size: number; storageKey: string; createdAt: Date }): Promise<void> {
    await this.db.$executeRaw`
      INSERT INTO artifacts (digest, source_id, revision, size, storage_key, created_at)
      VALUES (${a.digest}, ${a.sourceId}, ${a.revision}, ${a.size}, ${a.storageKey}, ${a.createdAt})
      ON CONFLICT (digest) DO UPDATE SET created_at = EXCLUDED.created_at, revision = EXCLUDED.revision
      WHERE artifacts.source_id = EXCLUDED.source_id`;
  }

  async bySource(): Promise<Map<string, ArtifactRecord[]>> {
    const rows = await this.db.artifact.findMany({ select: { digest: true, sourceId: true, createdAt: true } });
    const out = new Map<string, ArtifactRecord[]>();
    for (const r of rows) {
      const list = out.get(r.sourceId) ?? [];
      list.push({ digest: r.digest, createdAt: r.createdAt });
      out.set(r.sourceId, list);
    }
    return out;
  }

  listForSource(sourceId: string) {
    return this.db.artifact.findMany({ where: { sourceId }, orderBy: { createdAt: 'desc' } });
  }

  async deleteRows(digests: readonly string[]): Promise<void> {
    if (digests.length) await this.db.artifact.deleteMany({ where: { digest: { in: [...digests] } } });
  }
}
