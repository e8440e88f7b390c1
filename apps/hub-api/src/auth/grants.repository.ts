import { Inject, Injectable } from '@nestjs/common';
import { parseLabelSelector } from '@flotilla/reconcile-core';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { Grant } from './actor.js';

/** The grants of a user's teams, read on every request so a change applies from the next one. */
@Injectable()
export class GrantsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async forUser(userId: string): Promise<Grant[]> {
    const rows = await this.db.teamGrant.findMany({ where: { team: { members: { some: { userId } } } }, select: { role: true, clusterSelector: true, namespaces: true } });
    return rows.flatMap((r) => {
      // Selectors are validated when a grant is written; one that no longer parses grants nothing.
      const selector = parseLabelSelector(r.clusterSelector);
      return selector.ok ? [{ role: r.role, selector: selector.value, namespaces: r.namespaces }] : [];
    });
  }
}
