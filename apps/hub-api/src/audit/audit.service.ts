import { Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { IdGenerator } from '../common/id-generator.js';
import { AuditRepository, type NewAuditEntry } from './audit.repository.js';

/** Every action the audit log records; the reader offers these as filters. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login.failed',
  'auth.logout',
  'user.create',
  'user.role.change',
  'user.disable',
  'user.enable',
  'user.password.reset',
  'user.password.change',
  'user.delete',
  'apiToken.create',
  'apiToken.revoke',
  'apiToken.use',
  'audit.export',
  'registrationToken.create',
  'cluster.create',
  'cluster.update',
  'cluster.delete',
  'cluster.credential.revoke',
  'cluster.register',
  'gitRepository.create',
  'gitRepository.update',
  'gitRepository.delete',
  'gitRepository.reconcile',
  'gitRepository.suspend',
  'gitRepository.resume',
  'kustomization.create',
  'kustomization.update',
  'kustomization.delete',
  'fleetSync.create',
  'fleetSync.update',
  'fleetSync.delete',
  'fleetSync.reconcile',
  'fleetSync.propose',
  'helmrepository.create',
  'helmrepository.update',
  'helmrepository.delete',
  'helmrepository.reconcile',
  'ocirepository.create',
  'ocirepository.update',
  'ocirepository.delete',
  'ocirepository.reconcile',
  'helmrelease.create',
  'helmrelease.update',
  'helmrelease.delete',
  'helmrelease.suspend',
  'helmrelease.resume',
  'kustomization.reconcile',
  'kustomization.suspend',
  'kustomization.resume',
  'fluxObject.reconcile',
  'fluxObject.suspend',
  'fluxObject.resume',
  'team.create',
  'team.rename',
  'team.delete',
  'team.member.add',
  'team.member.remove',
  'team.member.sync',
  'team.grant.add',
  'team.grant.remove',
  'access.denied',
  'imageRepository.create',
  'imageRepository.update',
  'imageRepository.delete',
  'imageRepository.scan',
  'imagePolicy.create',
  'imagePolicy.update',
  'imagePolicy.delete',
  'imageUpdateAutomation.create',
  'imageUpdateAutomation.update',
  'imageUpdateAutomation.delete',
  'imageUpdateAutomation.run',
  'imageUpdateAutomation.suspend',
  'imageUpdateAutomation.resume',
  'proposal.approve',
  'proposal.reject',
  'proposal.merge',
  'proposal.edit',
  'notificationProvider.create',
  'notificationProvider.update',
  'notificationProvider.delete',
  'notificationProvider.test',
  'notificationProvider.suspend',
  'notificationProvider.resume',
  'alert.create',
  'alert.update',
  'alert.delete',
  'alert.suspend',
  'alert.resume',
  'receiver.create',
  'receiver.update',
  'receiver.delete',
  'receiver.rotateToken',
  'receiver.suspend',
  'receiver.resume',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Why a login was refused; a disabled account is named only after the right password. */
export type LoginRefusal = 'INVALID_CREDENTIALS' | 'TOO_MANY_ATTEMPTS' | 'ACCOUNT_DISABLED' | 'OIDC_FAILED' | 'OIDC_USERNAME_TAKEN';

/** Writes who did what, to what, when and from where. Details carry names and keys, never secret values. */
@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async record(
    actor: Actor | { kind: 'agent'; clusterId: string; clusterName: string },
    origin: RequestOrigin,
    action: AuditAction,
    target: { type: string; id: string | null },
    details: Prisma.InputJsonObject = {},
  ): Promise<void> {
    const who =
      'kind' in actor
        ? { actorUserId: null, actorName: `agent:${actor.clusterName}`, actorKind: 'agent' as const }
        : actor.fleetSync
          ? { actorUserId: null, actorName: `fleetsync:${actor.fleetSync.id}`, actorKind: 'system' as const }
          : {
              actorUserId: actor.userId,
              actorName: actor.username,
              actorKind: actor.via === 'api-token' ? ('api-token' as const) : ('user' as const),
            };
    await this.insert(who, origin, action, target, details);
  }

  /** Something the hub did on its own (a background job named `job`), not on anyone's request. */
  async recordSystem(job: string, action: AuditAction, target: { type: string; id: string | null }, details: Prisma.InputJsonObject = {}): Promise<void> {
    await this.insert({ actorUserId: null, actorName: `system:${job}`, actorKind: 'system' }, { ip: null, userAgent: null }, action, target, details);
  }

  /**
   * A login that did not succeed: the actor is whoever typed `username`, which proves nothing, so the entry
   * names it as attempted and carries no user id. `reason` says why it was refused; the password never
   * reaches this service.
   */
  async recordFailedLogin(username: string, origin: RequestOrigin, reason: LoginRefusal): Promise<void> {
    await this.insert({ actorUserId: null, actorName: username.slice(0, 128), actorKind: 'anonymous' }, origin, 'auth.login.failed', { type: 'user', id: null }, { reason });
  }

  private async insert(
    who: Pick<NewAuditEntry, 'actorUserId' | 'actorName' | 'actorKind'>,
    origin: RequestOrigin,
    action: AuditAction,
    target: { type: string; id: string | null },
    details: Prisma.InputJsonObject,
  ): Promise<void> {
    await this.repo.insert({
      id: this.ids.id(),
      ...who,
      action,
      targetType: target.type,
      targetId: target.id,
      details,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 512) ?? null,
      createdAt: this.clock.now(),
    });
  }
}
