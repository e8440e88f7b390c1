import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../../db/prisma.service.js';
import { isUniqueViolation } from '../../db/unique-violation.js';

// Stored instead of a password hash: no password verifies against it (not the scrypt format).
const NO_PASSWORD = 'oidc:no-password';

@Injectable()
export class OidcUsersRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  findBySubject(issuer: string, subject: string) {
    return this.db.user.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: issuer, oidcSubject: subject } } });
  }

  /** Null when the username is taken (by a local account or another subject). */
  async create(user: { id: string; username: string; role: Role | null; issuer: string; subject: string; createdAt: Date }) {
    try {
      return await this.db.user.create({
        data: { id: user.id, username: user.username, role: user.role, passwordHash: NO_PASSWORD, oidcIssuer: user.issuer, oidcSubject: user.subject, createdAt: user.createdAt },
      });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  /** Makes the user a member of exactly the existing teams with these names; returns the team names joined and left. */
  async syncTeams(userId: string, teamNames: readonly string[]): Promise<{ joined: string[]; left: string[] }> {
    return this.db.$transaction(async (tx) => {
      const wanted = await tx.team.findMany({ where: { name: { in: [...teamNames] } }, select: { id: true, name: true } });
      const current = await tx.teamMember.findMany({ where: { userId }, select: { team: { select: { id: true, name: true } } } });
      const leave = current.filter((m) => !wanted.some((w) => w.id === m.team.id)).map((m) => m.team);
      const join = wanted.filter((w) => !current.some((m) => m.team.id === w.id));
      if (leave.length) await tx.teamMember.deleteMany({ where: { userId, teamId: { in: leave.map((t) => t.id) } } });
      if (join.length) await tx.teamMember.createMany({ data: join.map((t) => ({ teamId: t.id, userId })), skipDuplicates: true });
      return { joined: join.map((t) => t.name), left: leave.map((t) => t.name) };
    });
  }
}
