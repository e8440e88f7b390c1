import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@flotilla/prisma/client';
import type { LabelSelector, SelectorRequirement } from '@flotilla/reconcile-core';
import { PRISMA, type Db } from '../db/prisma.service.js';

// The SQL form of reconcile-core's matchesLabelSelector over a JSONB labels column (`labels` unless a query joins
// another table that has one and must qualify it); clusters.int.test.ts checks the two agree. The fleet dashboard
// filters with it too.
export function requirementSql(r: SelectorRequirement, column = 'labels'): Prisma.Sql {
  const labels = Prisma.raw(column);
  const value = r.values[0] ?? '';
  switch (r.operator) {
    case '=':
    case '==':
      // Containment uses the GIN index on labels.
      return Prisma.sql`${labels} @> jsonb_build_object(${r.key}::text, ${value}::text)`;
    case '!=':
      return Prisma.sql`(${labels} ->> ${r.key}::text) IS DISTINCT FROM ${value}::text`;
    case 'in':
      return Prisma.sql`(${labels} ->> ${r.key}::text) = ANY(${r.values}::text[])`;
    case 'notin':
      return Prisma.sql`((${labels} ->> ${r.key}::text) IS NULL OR NOT ((${labels} ->> ${r.key}::text) = ANY(${r.values}::text[])))`;
    case 'exists':
      return Prisma.sql`(${labels} ->> ${r.key}::text) IS NOT NULL`;
    case '!':
      return Prisma.sql`(${labels} ->> ${r.key}::text) IS NULL`;
    case 'gt':
    case 'lt': {
      // Kubernetes compares only label values that are int64 integers; CASE keeps the cast from failing on others.
      const n = Prisma.sql`(CASE WHEN (${labels} ->> ${r.key}::text) ~ '^[+-]?[0-9]{1,19}$' THEN (${labels} ->> ${r.key}::text)::numeric END)`;
      const inRange = Prisma.sql`${n} BETWEEN -9223372036854775808 AND 9223372036854775807`;
      return r.operator === 'gt' ? Prisma.sql`(${inRange} AND ${n} > ${value}::numeric)` : Prisma.sql`(${inRange} AND ${n} < ${value}::numeric)`;
    }
  }
}

@Injectable()
export class ClustersRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  findById(id: string) {
    return this.db.cluster.findUnique({ where: { id } });
  }

  findByName(name: string) {
    return this.db.cluster.findUnique({ where: { name } });
  }

  /** `ids`: only these clusters (the caller's scope); null: any. */
  async listBySelector(requirements: LabelSelector, page: { first: number; afterName: string | undefined; ids: readonly string[] | null }) {
    const conditions = requirements.map((r) => requirementSql(r));
    if (page.ids) conditions.push(Prisma.sql`id = ANY(${[...page.ids]}::text[])`);
    const where = conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`;
    const after = page.afterName === undefined ? Prisma.sql`TRUE` : Prisma.sql`name > ${page.afterName}`;
    const [idRows, countRows] = await Promise.all([
      this.db.$queryRaw<{ id: string }[]>`SELECT id FROM clusters WHERE ${where} AND ${after} ORDER BY name LIMIT ${page.first + 1}`,
      this.db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM clusters WHERE ${where}`,
    ]);
    const ids = idRows.map((r) => r.id);
    const rows = ids.length ? await this.db.cluster.findMany({ where: { id: { in: ids } }, orderBy: { name: 'asc' } }) : [];
    return { rows, totalCount: Number(countRows[0]?.count ?? 0) };
  }

  create(cluster: { id: string; name: string; labels: Record<string, string>; createdAt: Date }) {
    return this.db.cluster.create({ data: { ...cluster, updatedAt: cluster.createdAt } });
  }

  update(id: string, data: { labels?: Record<string, string>; variables?: Record<string, string> }) {
    return this.db.cluster.update({ where: { id }, data });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.cluster.deleteMany({ where: { id } });
    return count > 0;
  }
}
