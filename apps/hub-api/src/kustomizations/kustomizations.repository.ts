import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';

@Injectable()
export class KustomizationsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  list() {
    return this.db.kustomization.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findById(id: string) {
    return this.db.kustomization.findUnique({ where: { id } });
  }

  findByIds(ids: readonly string[]) {
    return this.db.kustomization.findMany({ where: { id: { in: [...ids] } } });
  }

  /**
   * Kustomizations whose sourceRef names the source (namespace defaults to the Kustomization's, as in Flux). With
   * `kind`, only refs of that kind: a GitRepository and an OCIRepository may not share a name at the hub, but a
   * Kustomization may still name a kind that has no such object.
   */
  async usingSource(namespace: string, name: string, kind?: string) {
    const ids = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM kustomizations
      WHERE spec->'sourceRef'->>'name' = ${name} AND coalesce(spec->'sourceRef'->>'namespace', namespace) = ${namespace}
        AND (${kind ?? null}::text IS NULL OR spec->'sourceRef'->>'kind' = ${kind ?? null}::text)`;
    return ids.length ? this.db.kustomization.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: [{ namespace: 'asc' }, { name: 'asc' }] }) : [];
  }

  /** null when (namespace, name) is taken. */
  async create(row: { id: string; namespace: string; name: string; spec: Prisma.InputJsonValue; placement: Prisma.InputJsonValue; labels?: Prisma.InputJsonValue; now: Date }) {
    const { now, ...data } = row;
    try {
      return await this.db.kustomization.create({ data: { ...data, createdAt: now, updatedAt: now } });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  /** Labels absent: kept. Labels are metadata, never a new generation. */
  update(id: string, data: { spec: Prisma.InputJsonValue; placement: Prisma.InputJsonValue; labels?: Prisma.InputJsonValue; bumpGeneration: boolean }) {
    return this.db.kustomization.update({
      where: { id },
      data: { spec: data.spec, placement: data.placement, ...(data.labels ? { labels: data.labels } : {}), ...(data.bumpGeneration ? { generation: { increment: 1 } } : {}) },
    });
  }

  setReconcileRequested(id: string, at: Date) {
    return this.db.kustomization.update({ where: { id }, data: { lastReconcileRequestedAt: at } });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.kustomization.deleteMany({ where: { id } });
    return count > 0;
  }

  /** Every cluster with the fields placement needs. */
  clusters() {
    return this.db.cluster.findMany({ orderBy: { name: 'asc' } });
  }
}
