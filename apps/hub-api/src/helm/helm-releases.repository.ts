import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';

export interface HelmReleaseWrite {
  spec: Prisma.InputJsonValue;
  overlays: Prisma.InputJsonValue;
  placement: Prisma.InputJsonValue;
  labels?: Prisma.InputJsonValue;
}

@Injectable()
export class HelmReleasesRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  list() {
    return this.db.helmRelease.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findById(id: string) {
    return this.db.helmRelease.findUnique({ where: { id } });
  }

  /** Releases whose chart.spec.sourceRef names the source of that kind (namespace defaults to the release's, as in Flux). */
  async usingRepository(kind: 'HelmRepository' | 'GitRepository', namespace: string, name: string) {
    const ids = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM helm_releases
      WHERE spec->'chart'->'spec'->'sourceRef'->>'kind' = ${kind}
        AND spec->'chart'->'spec'->'sourceRef'->>'name' = ${name}
        AND coalesce(spec->'chart'->'spec'->'sourceRef'->>'namespace', namespace) = ${namespace}`;
    return ids.length ? this.db.helmRelease.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: [{ namespace: 'asc' }, { name: 'asc' }] }) : [];
  }

  /** null when (namespace, name) is taken. */
  async create(row: HelmReleaseWrite & { id: string; namespace: string; name: string; now: Date }) {
    const { now, ...data } = row;
    try {
      return await this.db.helmRelease.create({ data: { ...data, createdAt: now, updatedAt: now } });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  update(id: string, data: HelmReleaseWrite & { bumpGeneration: boolean }) {
    const { bumpGeneration, labels, ...rest } = data;
    return this.db.helmRelease.update({ where: { id }, data: { ...rest, ...(labels ? { labels } : {}), ...(bumpGeneration ? { generation: { increment: 1 } } : {}) } });
  }

  setChart(id: string, chart: Prisma.InputJsonValue) {
    return this.db.helmRelease.updateMany({ where: { id }, data: { chart } });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.helmRelease.deleteMany({ where: { id } });
    return count > 0;
  }

  clusters() {
    return this.db.cluster.findMany({ orderBy: { name: 'asc' } });
  }

  /** The release's rows of the fleet's Flux objects (origin hub), one per cluster that reported it. */
  statuses(helmReleaseId: string) {
    return this.db.fluxObject.findMany({ where: { helmReleaseId } });
  }
}
