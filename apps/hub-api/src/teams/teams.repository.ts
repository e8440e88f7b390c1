import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, Role } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import type { TeamRow } from './teams.mapper.js';

const withMembersAndGrants = {
  members: { select: { user: { select: { id: true, username: true } } } },
  grants: { select: { id: true, role: true, clusterSelector: true, namespaces: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.TeamInclude;

@Injectable()
export class TeamsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  listByName(): Promise<TeamRow[]> {
    return this.db.team.findMany({ orderBy: { name: 'asc' }, include: withMembersAndGrants });
  }

  findById(id: string): Promise<TeamRow | null> {
    return this.db.team.findUnique({ where: { id }, include: withMembersAndGrants });
  }

  /** Null when the name is taken. */
  async create(team: { id: string; name: string; createdAt: Date }): Promise<TeamRow | null> {
    try {
      return await this.db.team.create({ data: team, include: withMembersAndGrants });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  /** Null when the name is taken. */
  async rename(id: string, name: string): Promise<TeamRow | null> {
    try {
      return await this.db.team.update({ where: { id }, data: { name }, include: withMembersAndGrants });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  async delete(id: string): Promise<void> {
    await this.db.team.deleteMany({ where: { id } });
  }

  async addMember(teamId: string, userId: string): Promise<void> {
    await this.db.teamMember.createMany({ data: [{ teamId, userId }], skipDuplicates: true });
  }

  /** Whether they were a member. */
  async removeMember(teamId: string, userId: string): Promise<boolean> {
    return (await this.db.teamMember.deleteMany({ where: { teamId, userId } })).count > 0;
  }

  async addGrant(grant: { id: string; teamId: string; role: Role; clusterSelector: string; namespaces: string[]; createdAt: Date }): Promise<void> {
    await this.db.teamGrant.create({ data: grant });
  }

  findGrant(id: string) {
    return this.db.teamGrant.findUnique({ where: { id }, include: { team: { select: { id: true, name: true } } } });
  }

  async removeGrant(id: string): Promise<void> {
    await this.db.teamGrant.deleteMany({ where: { id } });
  }
}
