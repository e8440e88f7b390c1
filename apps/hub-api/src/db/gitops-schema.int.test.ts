import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { createPrismaClient, type PrismaClient } from '@flotilla/prisma/client';

// The issue-5 migration is hand-written SQL; this round-trips every new model through the generated client,
// so a column, type or default that differs from schema.prisma fails here.
describe('issue-5 tables: migration.sql matches schema.prisma', () => {
  let pg: TestPostgres;
  let prisma: PrismaClient;

  beforeAll(async () => {
    pg = await startPostgres();
    prisma = createPrismaClient(await pg.createDatabase());
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await pg?.stop();
  });

  it('writes and reads every new model with the defaults of the contract', async () => {
    const cluster = await prisma.cluster.create({ data: { id: 'c1', name: 'c1' } });
    const source = await prisma.gitRepository.create({ data: { id: 's1', name: 'podinfo', url: 'http://127.0.0.1/x.git' } });
    expect(source).toMatchObject({ namespace: 'flotilla-system', interval: '1m', timeout: '60s', suspend: false, generation: 1, ref: null, status: {} });
    await prisma.artifact.create({ data: { digest: `sha256:${'a'.repeat(64)}`, sourceId: 's1', revision: 'main@sha1:abc', size: 10n, storageKey: 'k' } });
    const k = await prisma.kustomization.create({ data: { id: 'k1', name: 'apps', spec: { prune: true } } });
    expect(k.placement).toEqual({ clusterSelector: null, clusterNames: [] });
    await prisma.clusterAssignment.create({ data: { clusterId: cluster.id, generation: 1n, document: {} } });
    const st = await prisma.fluxObject.create({ data: { clusterId: 'c1', kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps', origin: 'hub', kustomizationId: 'k1' } });
    expect(st).toMatchObject({ conditions: [], inventory: [], observedGeneration: null, ready: 'Unknown', state: 'progressing', suspended: false });
    await prisma.fluxObject.create({ data: { clusterId: 'c1', kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system', origin: 'cluster' } });
    // A hub row names its Kustomization, a cluster row never does, and origins are only these two.
    await expect(prisma.fluxObject.create({ data: { clusterId: 'c1', kind: 'Bucket', namespace: 'n', name: 'b', origin: 'hub' } })).rejects.toThrow();
    await expect(prisma.fluxObject.create({ data: { clusterId: 'c1', kind: 'Bucket', namespace: 'n', name: 'b', origin: 'git' } })).rejects.toThrow();
    const ev = await prisma.clusterEvent.create({
      data: { clusterId: 'c1', involvedKind: 'Kustomization', involvedName: 'apps', severity: 'info', reason: 'ReconciliationSucceeded', message: 'ok', occurredAt: new Date() },
    });
    expect(typeof ev.id).toBe('bigint');
    await prisma.clusterCredential.create({ data: { id: 'cred1', clusterId: 'c1', secretHash: 'h1' } });
    await prisma.agentReportSequence.create({ data: { credentialId: 'cred1', clusterId: 'c1', lastSeq: 5n } });

    await expect(prisma.gitRepository.create({ data: { id: 's2', name: 'podinfo', url: 'http://x' } })).rejects.toThrow();
    // Deleting a cluster or a source removes what hangs off it.
    await prisma.gitRepository.delete({ where: { id: 's1' } });
    expect(await prisma.artifact.count()).toBe(0);
    await prisma.cluster.delete({ where: { id: 'c1' } });
    expect(await prisma.clusterEvent.count()).toBe(0);
    expect(await prisma.fluxObject.count()).toBe(0);
    expect(await prisma.agentReportSequence.count()).toBe(0);
    expect(await prisma.clusterAssignment.count()).toBe(0);
  });
});
