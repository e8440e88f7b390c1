import { Injectable } from '@nestjs/common';
import { fluxKind } from '@flotilla/reconcile-core';
import { scopeHolds, type Scope } from '../auth/access.js';
import { AccessService } from '../auth/access.service.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { badInput, DomainError } from '../common/domain-error.js';
import type { FluxOperation } from './dto/flux-object.enums.js';
import type { FluxObjectFilterInput, FluxObjectRefInput } from './dto/flux-object.inputs.js';
import type { FluxObjectConnectionObject, FluxObjectObject, FluxObjectTreeObject, FluxTreeNodeObject } from './dto/flux-object.object.js';
import { decodeFluxObjectCursor, encodeFluxObjectCursor } from './flux-object-cursor.js';
import { toFluxObjectObject } from './flux-object.mapper.js';
import { FluxKindRegistry } from './flux-kind-registry.js';
import { FluxObjectsRepository, type FluxObjectRow } from './flux-objects.repository.js';
import { inventoryOf, validRef } from './flux-object-ref.js';

export const MAX_PAGE = 200;
export const MAX_TREE_NODES = 5_000;
const MAX_SEARCH = 253;

const notFound = (): DomainError => new DomainError('FLUX_OBJECT_NOT_FOUND', 'no such Flux object on that cluster');

@Injectable()
export class FluxObjectsService {
  constructor(
    private readonly repo: FluxObjectsRepository,
    private readonly registry: FluxKindRegistry,
    private readonly access: AccessService,
  ) {}

  async list(actor: Actor, filter: FluxObjectFilterInput | null, first: number, after: string | null): Promise<FluxObjectConnectionObject> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput('first', `first must be between 1 and ${MAX_PAGE}`);
    const search = filter?.search?.trim();
    if (search !== undefined && search.length > MAX_SEARCH) throw badInput('filter.search', `search must have at most ${MAX_SEARCH} characters`);
    const { rows, total } = await this.repo.page(
      {
        ...(filter?.clusterId ? { clusterId: filter.clusterId } : {}),
        ...(filter?.kinds ? { kinds: filter.kinds } : {}),
        ...(filter?.origin ? { origin: filter.origin } : {}),
        ...(filter?.states ? { states: filter.states } : {}),
        ...(search ? { search } : {}),
        scope: await this.access.scope(actor, 'VIEWER'),
      },
      // One more than asked tells whether another page exists.
      first + 1,
      after ? decodeFluxObjectCursor(after) : null,
    );
    const page = rows.slice(0, first);
    const edges = page.map((row) => ({ cursor: encodeFluxObjectCursor(row), node: this.toObject(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: total };
  }

  /** Null outside the actor's scope too. */
  async get(actor: Actor, ref: FluxObjectRefInput): Promise<FluxObjectObject | null> {
    const key = validRef(ref);
    if (!(await this.access.canSee(actor, key.clusterId, key.namespace))) return null;
    const row = await this.repo.find(key);
    return row ? this.toObject(row) : null;
  }

  /**
   * `flux tree`: the root's inventory in order, and under each Flux object in it that object's own inventory,
   * depth first. A Kustomization that applies its own definition (a bootstrapped flux-system) has itself in its
   * inventory: as in `flux tree`, that entry is not one of its children. An object met twice (two Kustomizations
   * claiming it, or a cycle) is listed but not expanded again, as a cycle would otherwise never end. A
   * HelmRelease's children are the objects of its current release, which its agent read from helm's storage;
   * as in `flux tree`, they are listed but not expanded, even a Flux object a chart installs.
   */
  async tree(actor: Actor, ref: FluxObjectRefInput, first: number): Promise<FluxObjectTreeObject> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_TREE_NODES) throw badInput('first', `first must be between 1 and ${MAX_TREE_NODES}`);
    const key = validRef(ref);
    const scope = await this.access.scope(actor, 'VIEWER');
    const root = scopeHolds(scope, key.clusterId, key.namespace) ? await this.repo.find(key) : null;
    if (!root) throw notFound();
    const nodes: FluxTreeNodeObject[] = [];
    const expanded = new Set<string>([rowKey(root)]);
    let truncated = false;
    const walk = async (parent: FluxObjectRow, depth: number): Promise<void> => {
      const entries = inventoryOf(parent.inventory).filter((e) => visibleEntry(scope, parent.clusterId, e.namespace));
      const fluxChildren = entries.filter((e) => fluxKind(e.kind)?.group === e.group && e.namespace !== '');
      const stored = new Map((await this.repo.findMany(parent.clusterId, fluxChildren)).map((r) => [rowKey(r), r]));
      for (const e of entries) {
        if (rowKey(e) === rowKey(parent) && fluxKind(parent.kind)?.group === e.group) continue;
        if (nodes.length >= first) {
          truncated = true;
          return;
        }
        const child = stored.get(rowKey(e));
        nodes.push({
          depth,
          group: e.group,
          kind: e.kind,
          namespace: e.namespace === '' ? null : e.namespace,
          name: e.name,
          fluxObject: child ? this.toObject(child) : null,
          health: e.health ? { status: e.health.status, message: e.health.message ?? null } : null,
        });
        if (child && parent.kind !== 'HelmRelease' && !expanded.has(rowKey(child))) {
          expanded.add(rowKey(child));
          await walk(child, depth + 1);
        }
      }
    };
    await walk(root, 1);
    return { root: this.toObject(root), nodes, truncated };
  }

  async run(actor: Actor, origin: RequestOrigin, ref: FluxObjectRefInput, operation: FluxOperation): Promise<boolean> {
    const key = validRef(ref);
    await this.access.require(actor, origin, 'OPERATOR', { clusterId: key.clusterId, namespace: key.namespace }, `${operation} of ${key.kind} ${key.namespace}/${key.name}`);
    const row = await this.repo.find(key);
    if (!row) throw notFound();
    const target = this.toObject(row);
    await this.registry.run(actor, origin, target, operation);
    return true;
  }

  private toObject(row: FluxObjectRow): FluxObjectObject {
    return toFluxObjectObject(row, (kind, origin) => this.registry.operations(kind, origin));
  }
}

// Cluster-wide entries (no namespace) belong to whoever may see the object that applied them.
const visibleEntry = (scope: Scope, clusterId: string, namespace: string): boolean => namespace === '' || scopeHolds(scope, clusterId, namespace);

const rowKey = (r: { kind: string; namespace: string; name: string }): string => `${r.kind}\u0000${r.namespace}\u0000${r.name}`;
