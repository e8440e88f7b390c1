import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '../db/prisma.service.js';

@Injectable()
export class CredentialsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  findById(id: string) {
    return this.db.clusterCredential.findUnique({ where: { id } });
  }

  findBySecretHash(secretHash: string) {
    return this.db.clusterCredential.findUnique({ where: { secretHash }, include: { cluster: true } });
  }

  /** Revokes every live credential of the cluster and marks it Revoked, in one transaction. */
  async revokeAll(clusterId: string, at: Date) {
    const [, cluster] = await this.db.$transaction([
      this.db.clusterCredential.updateMany({ where: { clusterId, revokedAt: null }, data: { revokedAt: at } }),
      this.db.cluster.update({
        where: { id: clusterId },
        data: { connectionState: 'REVOKED', agentConnectionId: null },
      }),
    ]);
    return cluster;
  }
}
