import { Inject, Injectable } from '@nestjs/common';
import { labelMap } from '../common/label-map.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { ClusterLabels } from './access.js';

/** Every cluster's labels, which decide which team grants reach it. */
@Injectable()
export class ClusterLabelsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async all(): Promise<ClusterLabels[]> {
    return (await this.db.cluster.findMany({ select: { id: true, labels: true } })).map((c) => ({ id: c.id, labels: labelMap(c.labels) }));
  }
}
