import { Inject, Injectable } from '@nestjs/common';
import type { ImageUpdateAutomation, Prisma } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';

export type AutomationRow = ImageUpdateAutomation;
export type AutomationWrite = Omit<Prisma.ImageUpdateAutomationUncheckedCreateInput, 'id' | 'namespace' | 'name' | 'status' | 'generation' | 'createdAt' | 'updatedAt'>;

@Injectable()
export class ImageUpdateAutomationsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  list() {
    return this.db.imageUpdateAutomation.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  listInNamespace(namespace: string) {
    return this.db.imageUpdateAutomation.findMany({ where: { namespace, suspend: false } });
  }

  findById(id: string) {
    return this.db.imageUpdateAutomation.findUnique({ where: { id } });
  }

  async create(row: AutomationWrite & { id: string; namespace: string; name: string }): Promise<AutomationRow | null> {
    try {
      return await this.db.imageUpdateAutomation.create({ data: row });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  update(id: string, data: AutomationWrite) {
    return this.db.imageUpdateAutomation.update({ where: { id }, data: { ...data, generation: { increment: 1 } } });
  }

  /** spec.suspend alone: a new generation, as every write of the spec here is. */
  setSuspend(id: string, suspend: boolean) {
    return this.db.imageUpdateAutomation.update({ where: { id }, data: { suspend, generation: { increment: 1 } } });
  }

  setStatus(id: string, status: Prisma.InputJsonValue) {
    return this.db.imageUpdateAutomation.updateMany({ where: { id }, data: { status } });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.imageUpdateAutomation.deleteMany({ where: { id } });
    return count > 0;
  }
}
