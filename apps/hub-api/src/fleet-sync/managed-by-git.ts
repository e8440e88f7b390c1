import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { Actor } from '../auth/actor.js';
import type { ManagedKind } from './fleet-sync.plan.js';

/**
 * The guard of hand edits: an object a FleetSync made is changed in git, so the mutations that would edit or
 * delete it by hand are refused (the next revision would undo them anyway). Suspend, resume and reconcile stay
 * open: they steer the object, as `flux suspend` does for an object applied from git. The FleetSync that made
 * the object (acting as `actor.fleetSync`) passes: its writes go through the same services.
 */
@Injectable()
export class ManagedByGit {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async refuseHandEdit(kind: ManagedKind, objectId: string, verb: 'edit' | 'delete', actor?: Actor): Promise<void> {
    const mark = await this.db.fleetSyncObject.findUnique({ where: { kind_objectId: { kind, objectId } }, include: { fleetSync: true } });
    if (!mark || (actor?.fleetSync !== undefined && actor.fleetSync.id === mark.fleetSyncId)) return;
    const s = mark.fleetSync;
    throw new DomainError(
      'MANAGED_BY_GIT',
      `this ${kind} is managed by git (FleetSync ${s.namespace}/${s.name}, file ${mark.file} of GitRepository ${s.sourceNamespace}/${s.sourceName}); ${verb} it there, not here`,
    );
  }
}
