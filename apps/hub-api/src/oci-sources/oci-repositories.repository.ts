import { Inject, Injectable } from '@nestjs/common';
import type { OciRepository, Prisma } from '@flotilla/prisma/client';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { ClaimedSourceRepository, createUnlessTaken } from '../sources/claimed-source-repository.js';

export type OciRepositoryRow = OciRepository;
export type ClaimedOciRepository = OciRepositoryRow & { claimedAt: Date };

export interface OciRepositoryWrite {
  spec: Prisma.InputJsonValue;
  suspend: boolean;
  verifyPublicKeys: Prisma.InputJsonValue;
  labels?: Prisma.InputJsonValue;
}

/**
 * Hub OCIRepositories, and their due times claimed with FOR UPDATE SKIP LOCKED under a lease (as the hub's
 * other sources), so several hub replicas pull each artifact once.
 */
@Injectable()
export class OciRepositoriesRepository extends ClaimedSourceRepository<OciRepositoryRow> {
  constructor(@Inject(PRISMA) private readonly db: Db) {
    super(db, 'oci_repositories', (ids) => db.ociRepository.findMany({ where: { id: { in: ids } } }));
  }

  list() {
    return this.db.ociRepository.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findById(id: string) {
    return this.db.ociRepository.findUnique({ where: { id } });
  }

  /** Whether a GitRepository has this name: both would stand in clusters as the ExternalArtifact of that name. */
  findByName(namespace: string, name: string) {
    return this.db.ociRepository.findUnique({ where: { namespace_name: { namespace, name } } });
  }

  async gitRepositoryNamed(namespace: string, name: string): Promise<boolean> {
    return (await this.db.gitRepository.count({ where: { namespace, name } })) > 0;
  }

  /** Kustomizations whose sourceRef names this OCIRepository (namespace defaults to the Kustomization's, as in Flux). */
  kustomizationsUsing(namespace: string, name: string): Promise<{ namespace: string; name: string }[]> {
    return this.db.$queryRaw<{ namespace: string; name: string }[]>`
      SELECT namespace, name FROM kustomizations
      WHERE spec->'sourceRef'->>'kind' = ${FLUX_KINDS.OCIRepository.kind}
        AND spec->'sourceRef'->>'name' = ${name}
        AND coalesce(spec->'sourceRef'->>'namespace', namespace) = ${namespace}
      ORDER BY namespace, name`;
  }

  /** Hub HelmReleases whose `chartRef` names this OCIRepository (namespace defaults to the release's, as in Flux). */
  async helmReleasesUsing(namespace: string, name: string) {
    const ids = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM helm_releases
      WHERE spec->'chartRef'->>'kind' = ${FLUX_KINDS.OCIRepository.kind}
        AND spec->'chartRef'->>'name' = ${name}
        AND coalesce(spec->'chartRef'->>'namespace', namespace) = ${namespace}`;
    return ids.length ? this.db.helmRelease.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: [{ namespace: 'asc' }, { name: 'asc' }] }) : [];
  }

  /** null when (namespace, name) is taken. */
  create(row: OciRepositoryWrite & { id: string; namespace: string; name: string; now: Date; credentialsSealed: string | null; credentialsKind: string | null; tlsSealed: string | null; tlsKind: string | null }): Promise<OciRepositoryRow | null> {
    const { now, ...rest } = row;
    return createUnlessTaken(() => this.db.ociRepository.create({ data: { ...rest, createdAt: now, updatedAt: now, nextReconcileAt: now } }));
  }

  update(id: string, w: OciRepositoryWrite, opts: { bumpGeneration: boolean; dueNow: boolean; credentials?: { sealed: string | null; kind: string | null }; tls?: { sealed: string | null; kind: string | null } }) {
    return this.db.ociRepository.update({
      where: { id },
      data: {
        ...w,
        ...(opts.bumpGeneration ? { generation: { increment: 1 } } : {}),
        ...(opts.bumpGeneration || opts.dueNow ? { nextReconcileAt: new Date(0) } : {}),
        ...(opts.credentials ? { credentialsSealed: opts.credentials.sealed, credentialsKind: opts.credentials.kind } : {}),
        ...(opts.tls ? { tlsSealed: opts.tls.sealed, tlsKind: opts.tls.kind } : {}),
      },
    });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.ociRepository.deleteMany({ where: { id } });
    return count > 0;
  }

  requestReconcile(id: string, at: Date) {
    return this.db.ociRepository.update({ where: { id }, data: { lastReconcileRequestedAt: at, nextReconcileAt: new Date(0) } });
  }
}
