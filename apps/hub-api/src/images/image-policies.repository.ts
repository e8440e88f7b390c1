import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type ImagePolicy } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';

export type ImagePolicyRow = ImagePolicy;

export interface ImagePolicyWrite {
  /** metadata.labels (what automations' policySelector matches). */
  labels?: Record<string, string>;
  repositoryNamespace: string;
  repositoryName: string;
  policy: Prisma.InputJsonValue;
  filterTags: Prisma.InputJsonValue | null;
  digestReflectionPolicy: string;
  interval: string | null;
  suspend: boolean;
}

@Injectable()
export class ImagePoliciesRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  list() {
    return this.db.imagePolicy.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findById(id: string) {
    return this.db.imagePolicy.findUnique({ where: { id } });
  }

  findByName(namespace: string, name: string) {
    return this.db.imagePolicy.findUnique({ where: { namespace_name: { namespace, name } } });
  }

  listForRepository(namespace: string, name: string) {
    return this.db.imagePolicy.findMany({ where: { repositoryNamespace: namespace, repositoryName: name } });
  }

  async create(row: ImagePolicyWrite & { id: string; namespace: string; name: string }): Promise<ImagePolicyRow | null> {
    const { filterTags, ...rest } = row;
    try {
      return await this.db.imagePolicy.create({ data: { ...rest, filterTags: filterTags ?? Prisma.DbNull } });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  update(id: string, spec: ImagePolicyWrite, bumpGeneration: boolean) {
    const { filterTags, ...rest } = spec;
    return this.db.imagePolicy.update({
      where: { id },
      data: { ...rest, filterTags: filterTags ?? Prisma.DbNull, ...(bumpGeneration ? { generation: { increment: 1 } } : {}) },
    });
  }

  /** Writes a status computed for `generation`; a newer spec written meanwhile is left for its own evaluation. */
  async setStatus(id: string, generation: number, status: Prisma.InputJsonValue): Promise<ImagePolicyRow | null> {
    const { count } = await this.db.imagePolicy.updateMany({ where: { id, generation }, data: { status } });
    return count > 0 ? this.findById(id) : null;
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.imagePolicy.deleteMany({ where: { id } });
    return count > 0;
  }
}
