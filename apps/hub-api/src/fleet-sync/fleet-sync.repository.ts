import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@flotilla/prisma/client';
import { canonicalJson } from '../common/canonical-json.js';
import { DomainError } from '../common/domain-error.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import type { GitRepositoryWrite } from '../sources/git-repositories.repository.js';
import { specChanged } from '../sources/git-repositories.service.js';
import { IMPORTABLE_KINDS } from '../flux-yaml/flux-yaml.parse.js';
import { appliedSuspend, gitSuspendOf, keepsHandSuspend, specSuspendOf, STORED_SUSPEND, withoutDefaultSuspend, withSuspend, type SuspendableServiceKind } from './git-suspend.js';
import type { ProviderKind } from '../proposals/providers/proposal-provider.js';
import type { DesiredObject, FleetChange, ManagedKind, ServiceDoc, ServiceKind } from './fleet-sync.plan.js';

/** The table of each kind's hub objects (every one has id, namespace and name). */
const TABLES: Readonly<Record<ManagedKind, string>> = {
  GitRepository: 'git_repositories',
  OCIRepository: 'oci_repositories',
  HelmRepository: 'helm_repositories',
  ImageRepository: 'image_repositories',
  ImagePolicy: 'image_policies',
  ImageUpdateAutomation: 'image_update_automations',
  Kustomization: 'kustomizations',
  HelmRelease: 'helm_releases',
  Provider: 'notification_providers',
  Alert: 'notification_alerts',
  Receiver: 'notification_receivers',
};
const KINDS = Object.keys(IMPORTABLE_KINDS) as ManagedKind[];
/** Sources before what reads them, notifications last (the import's order); deletes go in reverse. */
const order = (kind: string) => KINDS.indexOf(kind as ManagedKind);

/**
 * How the objects of the service kinds are written: through their services (the Flux YAML import's write
 * path), inside the apply's transaction. A refusal of theirs is a DomainError.
 */
export interface ServiceWrites {
  /** Creates (no `existingId`) or updates the object; returns its id. */
  write(doc: ServiceDoc, existingId: string | undefined): Promise<string>;
  delete(kind: ServiceKind, id: string): Promise<void>;
}

const isServiceKind = (d: DesiredObject): d is Extract<DesiredObject, { doc: ServiceDoc }> => 'doc' in d;

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
  provider: ProviderKind;
  providerApiUrl: string | null;
  providerRepository: string | null;
  providerTokenSealed: string | null;
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
    const joins = KINDS.map((kind, i) => Prisma.sql`LEFT JOIN ${Prisma.raw(TABLES[kind])} ${Prisma.raw(`t${i}`)} ON m.kind = ${kind} AND ${Prisma.raw(`t${i}`)}.id = m.object_id`);
    const column = (c: 'namespace' | 'name') => Prisma.raw(`coalesce(${KINDS.map((_, i) => `t${i}.${c}`).join(', ')})`);
    return this.db.$queryRaw`
      SELECT m.kind, m.object_id AS id, ${column('namespace')} AS namespace, ${column('name')} AS name, m.file
      FROM fleet_sync_objects m
      ${Prisma.join(joins, ' ')}
      WHERE m.fleet_sync_id = ${fleetSyncId}
      ORDER BY m.kind, 3, 4`;
  }

  /**
   * Makes the hub's objects match `desired` in one transaction: creates, updates, and (with prune) deletes the
   * objects this FleetSync made that git no longer declares. An object of the same name it did not make (by
   * hand, or by another FleetSync) is never taken over: the whole revision is refused. A transaction-scoped
   * advisory lock keeps two hub replicas from applying the same FleetSync at once.
   */
  async apply(
    fleetSyncId: string,
    desired: readonly DesiredObject[],
    prune: boolean,
    ids: () => string,
    audit: (changes: FleetChange[]) => AuditRow[],
    through: ServiceWrites,
    now: Date,
  ): Promise<FleetChange[]> {
    return this.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`fleet-sync:${fleetSyncId}`}))`;
        const owned = await tx.fleetSyncObject.findMany({ where: { fleetSyncId } });
        const ownedIds = new Set(owned.map((o) => `${o.kind}/${o.objectId}`));
        const kept = new Set<string>();
        const changes: FleetChange[] = [];
        const digests = new Map(owned.map((o) => [`${o.kind}/${o.objectId}`, o.digest]));
        // Sources first, so a Kustomization's first assignment finds its GitRepository.
        for (const d of [...desired].sort((a, b) => order(a.kind) - order(b.kind))) {
          const existing = await this.byName(tx, d.kind, d);
          if (existing && !ownedIds.has(`${d.kind}/${existing.id}`)) {
            const mark = await tx.fleetSyncObject.findUnique({ where: { kind_objectId: { kind: d.kind, objectId: existing.id } }, include: { fleetSync: true } });
            const by = mark ? `FleetSync ${mark.fleetSync.namespace}/${mark.fleetSync.name}` : 'hand (not by a FleetSync)';
            throw new FleetApplyRefused('ReconciliationFailed', `${d.kind} ${d.namespace}/${d.name} (${d.file}) exists already and was made by ${by}; it is never taken over: delete it or rename the object in git`, d.file);
          }
          const change = isServiceKind(d)
            ? await this.writeThrough(tx, through, d, existing?.id, existing ? digests.get(`${d.kind}/${existing.id}`) : undefined)
            : existing
              ? await this.updateObject(tx, existing.id, d)
              : await this.createObject(tx, ids(), d, now);
          kept.add(`${d.kind}/${change.id}`);
          const digest = isServiceKind(d) ? d.digest : null;
          await tx.fleetSyncObject.upsert({
            where: { kind_objectId: { kind: d.kind, objectId: change.id } },
            create: { kind: d.kind, objectId: change.id, fleetSyncId, file: d.file, digest },
            update: { file: d.file, digest },
          });
          changes.push(change);
        }
        const stale = owned.filter((o) => !kept.has(`${o.kind}/${o.objectId}`)).sort((a, b) => order(b.kind) - order(a.kind));
        for (const o of stale) {
          await tx.fleetSyncObject.delete({ where: { kind_objectId: { kind: o.kind, objectId: o.objectId } } });
          // Without prune, what git no longer declares is left in place and becomes a hand-made object.
          if (!prune) continue;
          const kind = o.kind as ManagedKind;
          const change = kind === 'GitRepository' || kind === 'Kustomization' ? await this.deleteObject(tx, kind, o.objectId, o.file) : await this.deleteThrough(tx, through, kind, o.objectId, o.file);
          if (change) changes.push(change);
        }
        // The service kinds' services wrote their own audit entries.
        const rows = audit(changes.filter((c) => c.action !== 'unchanged' && (c.kind === 'GitRepository' || c.kind === 'Kustomization')));
        if (rows.length) await tx.auditEntry.createMany({ data: rows.map((r) => ({ ...r, actorUserId: null, actorName: `fleetsync:${fleetSyncId}`, actorKind: 'system', createdAt: now })) });
        return changes;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }

  private async byName(tx: Tx, kind: ManagedKind, d: { namespace: string; name: string }): Promise<{ id: string } | null> {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM ${Prisma.raw(TABLES[kind])} WHERE namespace = ${d.namespace} AND name = ${d.name}`;
    return rows[0] ?? null;
  }

  /**
   * An object of a service kind: the same digest as last applied is unchanged, and is not written again, unless
   * the document sets spec.suspend and the object holds another (git's value wins at each apply, as Flux's
   * server-side apply does). A document without spec.suspend keeps the object's current one.
   */
  private async writeThrough(tx: Tx, through: ServiceWrites, d: Extract<DesiredObject, { doc: ServiceDoc }>, existingId: string | undefined, digest: string | null | undefined): Promise<FleetChange> {
    const base = { kind: d.kind, namespace: d.namespace, name: d.name, file: d.file };
    const git = gitSuspendOf(d.doc);
    const current = existingId !== undefined && keepsHandSuspend(d.kind) ? await this.storedSuspend(tx, d.kind, existingId) : undefined;
    if (existingId !== undefined && digest === d.digest && (git === null || current === undefined || git === current)) return { ...base, id: existingId, action: 'unchanged' };
    // Only a kept hand suspend changes the document: otherwise git's document already says what to write (unset
    // is Flux's default, false), and a spec is not given a `suspend: false` git never wrote.
    const doc = git === null && current === true ? withSuspend(d.doc, true) : d.doc;
    try {
      const id = await through.write(doc, existingId);
      return { ...base, id, action: existingId === undefined ? 'created' : 'configured' };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      throw new FleetApplyRefused('ReconciliationFailed', `${d.kind} ${d.namespace}/${d.name} (${d.file}): ${err.message}`, d.file);
    }
  }

  private async storedSuspend(tx: Tx, kind: SuspendableServiceKind, id: string): Promise<boolean | undefined> {
    const rows = await tx.$queryRaw<{ suspend: boolean }[]>`SELECT ${Prisma.raw(STORED_SUSPEND[kind])} AS suspend FROM ${Prisma.raw(TABLES[kind])} WHERE id = ${id}`;
    return rows[0]?.suspend;
  }

  /** null when the object is gone already (deleted with an object it belonged to). */
  private async deleteThrough(tx: Tx, through: ServiceWrites, kind: ServiceKind, id: string, file: string): Promise<FleetChange | null> {
    const rows = await tx.$queryRaw<{ namespace: string; name: string }[]>`SELECT namespace, name FROM ${Prisma.raw(TABLES[kind])} WHERE id = ${id}`;
    const row = rows[0];
    if (!row) return null;
    try {
      await through.delete(kind, id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      throw new FleetApplyRefused('PruneFailed', `${kind} ${row.namespace}/${row.name} is gone from git but is not deleted: ${err.message}`, file);
    }
    return { id, kind, namespace: row.namespace, name: row.name, file, action: 'deleted' };
  }

  private async createObject(tx: Tx, id: string, d: Exclude<DesiredObject, { doc: ServiceDoc }>, now: Date): Promise<FleetChange> {
    const base = { id, kind: d.kind, namespace: d.namespace, name: d.name, file: d.file, action: 'created' as const };
    // A new object's suspend is git's, or Flux's default (false) when its document leaves it out: the validators
    // filled that default in.
    if (d.kind === 'GitRepository') {
      const { ref, ...rest } = d.write;
      await tx.gitRepository.create({ data: { id, namespace: d.namespace, name: d.name, ...rest, ref: ref ?? Prisma.DbNull, createdAt: now, updatedAt: now, nextReconcileAt: now } });
    } else {
      await tx.kustomization.create({ data: { id, namespace: d.namespace, name: d.name, ...d.write, createdAt: now, updatedAt: now } });
    }
    return base;
  }

  private async updateObject(tx: Tx, id: string, d: Exclude<DesiredObject, { doc: ServiceDoc }>): Promise<FleetChange> {
    const base = { id, kind: d.kind, namespace: d.namespace, name: d.name, file: d.file };
    if (d.kind === 'GitRepository') {
      const row = await tx.gitRepository.findUniqueOrThrow({ where: { id } });
      const w: GitRepositoryWrite = { ...d.write, suspend: appliedSuspend(d.gitSuspend, row.suspend) };
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
    // Git's spec as validated (a suspend it leaves out is absent), with a kept hand suspend added.
    const keep = d.gitSuspend === null && specSuspendOf(row.spec) === true;
    const spec = (keep ? { ...(d.write.spec as Record<string, unknown>), suspend: true } : d.write.spec) as Prisma.InputJsonValue;
    const bump = canonicalJson(withoutDefaultSuspend(row.spec)) !== canonicalJson(withoutDefaultSuspend(spec));
    const same = !bump && canonicalJson(row.placement) === canonicalJson(d.write.placement) && canonicalJson(row.labels) === canonicalJson(d.write.labels);
    if (same) return { ...base, action: 'unchanged' };
    // Placement and labels are the hub's, not Flux's spec: changing them is not a new generation.
    await tx.kustomization.update({ where: { id }, data: { ...d.write, spec, ...(bump ? { generation: { increment: 1 } } : {}) } });
    return { ...base, action: 'configured' };
  }

  private async deleteObject(tx: Tx, kind: 'GitRepository' | 'Kustomization', id: string, file: string): Promise<FleetChange> {
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
