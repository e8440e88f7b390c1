import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '../db/prisma.service.js';

@Injectable()
export class RegistrationTokensRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  create(token: { id: string; clusterId: string; tokenHash: string; expiresAt: Date; createdById: string; createdAt: Date }) {
    return this.db.registrationToken.create({ data: token });
  }

  findByTokenHash(tokenHash: string) {
    return this.db.registrationToken.findUnique({ where: { tokenHash }, include: { cluster: true } });
  }

  /**
   * Uses the token and issues the credential atomically: the conditional update makes a second, concurrent
   * use of the same token lose (count 0), and older credentials of the cluster are revoked (rotation).
   */
  async redeem(tokenId: string, credential: { id: string; clusterId: string; secretHash: string; createdAt: Date }): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.registrationToken.updateMany({
        where: { id: tokenId, usedAt: null },
        data: { usedAt: credential.createdAt },
      });
      if (count === 0) return false;
      await tx.clusterCredential.updateMany({
        where: { clusterId: credential.clusterId, revokedAt: null },
        data: { revokedAt: credential.createdAt },
      });
      await tx.clusterCredential.create({ data: credential });
      // A new credential is a new agent installation: report sequences are per credential, so its numbering
      // starts at 0 whatever the old one still sends (ingestion refuses revoked credentials). The hello's
      // batch.ack {seq: 0} tells an agent that kept its outbox to renumber.
      await tx.cluster.updateMany({
        where: { id: credential.clusterId, connectionState: 'REVOKED' },
        data: { connectionState: 'PENDING' },
      });
      return true;
    });
  }
}
