import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@flotilla/prisma/client';
import { canonicalJson } from '../common/canonical-json.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import type { GitRepositoryWrite } from '../sources/git-repositories.repository.js';
import { specChanged } from '../sources/git-repositories.service.js';
import type { DesiredObject, FleetChange, ManagedKind } from './fleet-sync.plan.js';

/** A refusal found while applying: the transaction is rolled back, nothing of the revision is applied. */
export class FleetApplyRefused extends Error {
  override name = 'FleetApplyRefused';
  constructor(
    readonly reason: 'ReconciliationFailed' | 'PruneFailed',
    message: string,
    readonly file: string | null,
  ) {
    super(message);
  }
}

type Tx = Prisma.TransactionClient;

export interface FleetSyncCreate {
  id: string;
  namespace: string;
  name: string;
  sourceNamespace: string;
  sourceName: string;
  path: string;
  interval: string;
  prune: boolean;
}

export interface AuditRow {
  id: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Prisma.InputJsonObject;
}

@Injectable()
export class FleetSyncRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  list() {
    return this.db.fleetSync.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findById(id: string) {
    return this.db.fleetSync.findUnique({ where: { id } });
  }

  /** null when (namespace, name) is taken. */
  async create(row: FleetSyncCreate, now: Date) {
    try {
      return await this.db.fleetSync.create({ data: { ...row, createdAt: now, updatedAt: now, nextReconcileAt: now } });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  /** null when it is gone. Due at once, so the new place is read now. */
  async update(id: string, spec: Omit<FleetSyncCreate, 'id' | 'namespace' | 'name'>, now: Date) {
    const { count } = await this.db.fleetSync.updateMany({ where: { id }, data: { ...spec, updatedAt: now, nextReconcileAt: now } });
    return count > 0 ? this.findById(id) : null;
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.fleetSync.deleteMany({ where: { id } });
    return count > 0;
  }

  /** Those due by their interval, and those reading a source whose artifact changed. */
  due(now: Date) {
    return this.db.fleetSync.findMany({ where: { suspend: false, nextReconcileAt: { lte: now } }, select: { id: true } });
  }

  readingSource(namespace: string, name: string) {
    return this.db.fleetSync.findMany({ where: { sourceNamespace: namespace, sourceName: name, suspend: false }, select: { id: true } });
  }

  source(namespace: string, name: string) {
    return this.db.gitRepository.findUnique({ where: { namespace_name: { namespace, name } }, select: { id: true, url: true, status: true } });
  }

  setStatus(id: string, status: Prisma.InputJsonValue, nextReconcileAt: Date) {
    return this.db.fleetSync.update({ where: { id }, data: { status, nextReconcileAt } });
  }

  /** The objects a FleetSync made, with their names. */
  async inventory(fleetSyncId: string): Promise<{ kind: ManagedKind; id: string; namespace: string; name: string; file: string }[]> {
    return this.db.$queryRaw`
      SELECT m.kind, m.object_id AS id, coalesce(k.namespace, g.namespace) AS namespace, coalesce(k.name, g.name) AS name, m.file
      FROM fleet_sync_objects m
      LEFT JOIN kustomizations k ON m.kind = 'Kustomization' AND k.id = m.object_id
      LEFT JOIN git_repositories g ON m.kind = 'GitRepository' AND g.id = m.object_id
      WHERE m.fleet_sync_id = ${fleetSyncId}
      ORDER BY m.kind, 3, 4`;
  }

  /**
   * Makes the hub's objects match `desired` in one transaction: creates, updates, and (with prune) deletes the
   * objects this FleetSync made that git no longer declares. An object of the same name it did not make (by
   * hand, or by another FleetSync) is never taken over: the whole revision is refused. A transaction-scoped
   * advisory lock keeps two hub replicas from applying the same FleetSync at once.
   */
  async apply(fleetSyncId: string, desired: readonly DesiredObject[], prune: boolean, ids: () => string, audit: (changes: FleetChange[]) => AuditRow[], now: Date): Promise<FleetChange[]> {
    return this.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`fleet-sync:${fleetSyncId}`}))`;
        const owned = await tx.fleetSyncObject.findMany({ where: { fleetSyncId } });
        const ownedIds = new Set(owned.map((o) => `${o.kind}/${o.objectId}`));
        const kept = new Set<string>();
        const changes: FleetChange[] = [];
        // Sources first, so a Kustomization's first assignment finds its GitRepository.
        for (const d of [...desired].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'GitRepository' ? -1 : 1))) {
          const existing = d.kind === 'GitRepository' ? await this.gitByName(tx, d) : await this.kustomizationByName(tx, d);
          if (existing && !ownedIds.has(`${d.kind}/${existing.id}`)) {
            const mark = await tx.fleetSyncObject.findUnique({ where: { kind_objectId: { kind: d.kind, objectId: existing.id } }, include: { fleetSync: true } });
            const by = mark ? `FleetSync ${mark.fleetSync.namespace}/${mark.fleetSync.name}` : 'hand (not by a FleetSync)';
            throw new FleetApplyRefused('ReconciliationFailed', `${d.kind} ${d.namespace}/${d.name} (${d.file}) exists already and was made by ${by}; it is never taken over: delete it or rename the object in git`, d.file);
          }
          const change = existing ? await this.updateObject(tx, existing.id, d) : await this.createObject(tx, ids(), d, now);
          kept.add(`${d.kind}/${change.id}`);
          await tx.fleetSyncObject.upsert({
            where: { kind_objectId: { kind: d.kind, objectId: change.id } },
            create: { kind: d.kind, objectId: change.id, fleetSyncId, file: d.file },
            update: { file: d.file },
          });
          changes.push(change);
        }
        const stale = owned.filter((o) => !kept.has(`${o.kind}/${o.objectId}`)).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'Kustomization' ? -1 : 1));
        for (const o of stale) {
          await tx.fleetSyncObject.delete({ where: { kind_objectId: { kind: o.kind, objectId: o.objectId } } });
          // Without prune, what git no longer declares is left in place and becomes a hand-made object.
          if (!prune) continue;
          changes.push(await this.deleteObject(tx, o.kind as ManagedKind, o.objectId, o.file));
        }
        const rows = audit(changes.filter((c) => c.action !== 'unchanged'));
        if (rows.length) await tx.auditEntry.createMany({ data: rows.map((r) => ({ ...r, actorUserId: null, actorName: `fleetsync:${fleetSyncId}`, actorKind: 'system', createdAt: now })) });
        return changes;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }

  private gitByName(tx: Tx, d: { namespace: string; name: string }) {
    return tx.gitRepository.findUnique({ where: { namespace_name: { namespace: d.namespace, name: d.name } } });
  }

  private kustomizationByName(tx: Tx, d: { namespace: string; name: string }) {
    return tx.kustomization.findUnique({ where: { namespace_name: { namespace: d.namespace, name: d.name } } });
  }

  private async createObject(tx: Tx, id: string, d: DesiredObject, now: Date): Promise<FleetChange> {
    const base = { id, kind: d.kind, namespace: d.namespace, name: d.name, file: d.file, action: 'created' as const };
    if (d.kind === 'GitRepository') {
      const { ref, ...rest } = d.write;
      await tx.gitRepository.create({ data: { id, namespace: d.namespace, name: d.name, ...rest, ref: ref ?? Prisma.DbNull, createdAt: now, updatedAt: now, nextReconcileAt: now } });
    } else {
      await tx.kustomization.create({ data: { id, namespace: d.namespace, name: d.name, ...d.write, createdAt: now, updatedAt: now } });
    }
    return base;
  }

  private async updateObject(tx: Tx, id: string, d: DesiredObject): Promise<FleetChange> {
    const base = { id, kind: d.kind, namespace: d.namespace, name: d.name, file: d.file };
    if (d.kind === 'GitRepository') {
      const row = await tx.gitRepository.findUniqueOrThrow({ where: { id } });
      const w: GitRepositoryWrite = d.write;
      const bump = specChanged(row, w);
      const same = !bump && row.suspend === w.suspend && canonicalJson(row.labels) === canonicalJson(w.labels ?? {});
      if (same) return { ...base, action: 'unchanged' };
      const { ref, ...rest } = w;
      const resumed = row.suspend && !w.suspend;
      await tx.gitRepository.update({
        where: { id },
        data: { ...rest, ref: ref ?? Prisma.DbNull, ...(bump ? { generation: { increment: 1 } } : {}), ...(bump || resumed ? { nextReconcileAt: new Date(0) } : {}) },
      });
      return { ...base, action: 'configured' };
    }
    const row = await tx.kustomization.findUniqueOrThrow({ where: { id } });
    const bump = canonicalJson(row.spec) !== canonicalJson(d.write.spec);
    const same = !bump && canonicalJson(row.placement) === canonicalJson(d.write.placement) && canonicalJson(row.labels) === canonicalJson(d.write.labels);
    if (same) return { ...base, action: 'unchanged' };
    // Placement and labels are the hub's, not Flux's spec: changing them is not a new generation.
    await tx.kustomization.update({ where: { id }, data: { ...d.write, ...(bump ? { generation: { increment: 1 } } : {}) } });
    return { ...base, action: 'configured' };
  }

  private async deleteObject(tx: Tx, kind: ManagedKind, id: string, file: string): Promise<FleetChange> {
    if (kind === 'Kustomization') {
      const row = await tx.kustomization.delete({ where: { id } });
      return { id, kind, namespace: row.namespace, name: row.name, file, action: 'deleted' };
    }
    const row = await tx.gitRepository.findUniqueOrThrow({ where: { id } });
    const users = await tx.$queryRaw<{ namespace: string; name: string }[]>`
      SELECT namespace, name FROM kustomizations
      WHERE spec->'sourceRef'->>'name' = ${row.name} AND coalesce(spec->'sourceRef'->>'namespace', namespace) = ${row.namespace}
      ORDER BY namespace, name LIMIT 5`;
    if (users.length) {
      throw new FleetApplyRefused('PruneFailed', `GitRepository ${row.namespace}/${row.name} is gone from git but Kustomization ${users.map((u) => `${u.namespace}/${u.name}`).join(', ')} still uses it; it is kept until nothing does`, file);
    }
    await tx.gitRepository.delete({ where: { id } });
    return { id, kind, namespace: row.namespace, name: row.name, file, action: 'deleted' };
  }

  /** The FleetSync that made an object, with the source it reads; null for a hand-made object. */
  managedBy(kind: ManagedKind, objectId: string) {
    return this.db.fleetSyncObject.findUnique({ where: { kind_objectId: { kind, objectId } }, include: { fleetSync: true } });
  }
}
