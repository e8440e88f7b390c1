import { Injectable } from '@nestjs/common';
import { parseLabelSelector, type FluxKindName, type LabelSelector } from '@flotilla/reconcile-core';
import { scopeHolds, type Scope } from '../auth/access.js';
import { AccessService } from '../auth/access.service.js';
import type { Actor } from '../auth/actor.js';
import { labelMap } from '../common/label-map.js';
import { badInput } from '../common/domain-error.js';
import type { ClusterConnectionState } from '@flotilla/prisma/client';
import type {
  FleetActivityFilterInput,
  FleetClusterFilterInput,
  FleetClusterSortInput,
  EventSeverity,
} from './dto/fleet.inputs.js';
import type {
  FleetAttentionConnectionObject,
  FleetClusterConnectionObject,
  FleetEventConnectionObject,
  FleetSearchResultObject,
  FleetSummaryObject,
} from './dto/fleet.object.js';
import {
  decodeEventCursor,
  decodeOffsetCursor,
  encodeEventCursor,
  encodeOffsetCursor,
} from './fleet-cursor.js';
import { FleetRepository, type InventoryHitRow } from './fleet.repository.js';

export const MAX_FLEET_PAGE = 200;
export const MAX_SEARCH_HITS = 50;
/** Substring search runs on trigram indexes, which need three characters to narrow anything. */
export const MIN_SEARCH = 3;
const MAX_IDS = 200;
const MAX_REASONS = 20;
const MAX_TEXT = 253;

const pageSize = (first: number, max: number): number => {
  if (!Number.isInteger(first) || first < 1 || first > max)
    throw badInput('first', `first must be between 1 and ${max}`);
  return first;
};

function selectorOf(text: string | null | undefined, field: string): LabelSelector {
  const parsed = parseLabelSelector(text ?? '');
  if (!parsed.ok) throw badInput(field, `invalid label selector: ${parsed.errors[0]?.message}`);
  return parsed.value;
}

function textOf(text: string | null | undefined, field: string): string | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  if (t.length > MAX_TEXT) throw badInput(field, `${field} must have at most ${MAX_TEXT} characters`);
  return t;
}

function reasonsOf(reasons: string[]): string[] {
  if (reasons.length > MAX_REASONS) throw badInput('filter.worstReasons', `at most ${MAX_REASONS} reasons`);
  if (reasons.some((r) => r.length === 0 || r.length > MAX_TEXT))
    throw badInput('filter.worstReasons', `a reason has 1 to ${MAX_TEXT} characters`);
  return reasons;
}

function idsOf(ids: string[]): string[] {
  if (ids.length > MAX_IDS) throw badInput('filter.ids', `at most ${MAX_IDS} cluster ids`);
  return ids;
}

/** A reported timestamp, or null when it does not parse. */
function dateOf(text: string | null): Date | null {
  if (text === null) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The fleet dashboard: health at a glance, what needs attention, the cluster table, activity and search. */
@Injectable()
export class FleetService {
  constructor(
    private readonly repo: FleetRepository,
    private readonly access: AccessService,
  ) {}

  async summary(actor: Actor): Promise<FleetSummaryObject> {
    const scope = await this.access.scope(actor, 'VIEWER');
    const [clusters, objects] = await Promise.all([
      this.repo.clusterStates(scope),
      this.repo.healthCounts(scope),
    ]);
    return { clusters, objects };
  }

  async attention(
    actor: Actor,
    first: number,
    after: string | null,
  ): Promise<FleetAttentionConnectionObject> {
    const limit = pageSize(first, MAX_FLEET_PAGE);
    const offset = decodeOffsetCursor('na', after);
    const { rows, total } = await this.repo.attention(
      await this.access.scope(actor, 'VIEWER'),
      offset,
      limit,
    );
    const items = rows.map((r) => ({ ...r, kind: r.kind as FluxKindName | null, since: dateOf(r.since) }));
    const end = offset + items.length;
    return {
      items,
      totalCount: total,
      pageInfo: { hasNextPage: end < total, endCursor: items.length ? encodeOffsetCursor('na', end) : null },
    };
  }

  async clusters(
    actor: Actor,
    filter: FleetClusterFilterInput | null,
    sort: FleetClusterSortInput | null,
    first: number,
    after: string | null,
  ): Promise<FleetClusterConnectionObject> {
    const limit = pageSize(first, MAX_FLEET_PAGE);
    const offset = decodeOffsetCursor('ct', after);
    const scope = await this.access.scope(actor, 'VIEWER');
    const search = textOf(filter?.search, 'filter.search');
    const { rows, total } = await this.repo.clusterTable({
      scope,
      selector: selectorOf(filter?.selector, 'filter.selector'),
      ...(search ? { search } : {}),
      ...(filter?.worst?.length ? { worst: filter.worst } : {}),
      ...(filter?.worstReasons?.length ? { worstReasons: reasonsOf(filter.worstReasons) } : {}),
      ...(filter?.connectionStates?.length ? { states: filter.connectionStates } : {}),
      ...(filter?.ids ? { ids: idsOf(filter.ids) } : {}),
      ...(filter?.behind ? { behindOnly: true } : {}),
      sort: sort?.field ?? 'name',
      descending: sort?.descending ?? false,
      offset,
      limit,
    });
    const details = new Map(
      (
        await this.repo.clusterDetails(
          scope,
          rows.map((r) => r.id),
        )
      ).map((d) => [d.clusterId, d]),
    );
    const end = offset + rows.length;
    return {
      rows: rows.map((r) => {
        const d = details.get(r.id);
        return {
          ...r,
          labels: Object.entries(labelMap(r.labels))
            .map(([key, value]) => ({ key, value }))
            .sort((a, b) => a.key.localeCompare(b.key)),
          connectionState: r.connectionState as ClusterConnectionState,
          worstReason: d?.worstReason ?? null,
          revisions: d?.revisions ?? 0,
          behind: d?.behind ?? 0,
        };
      }),
      totalCount: total,
      pageInfo: { hasNextPage: end < total, endCursor: rows.length ? encodeOffsetCursor('ct', end) : null },
    };
  }

  async activity(
    actor: Actor,
    filter: FleetActivityFilterInput | null,
    first: number,
    after: string | null,
  ): Promise<FleetEventConnectionObject> {
    const limit = pageSize(first, MAX_FLEET_PAGE);
    const rows = await this.repo.events({
      scope: await this.access.scope(actor, 'VIEWER'),
      selector: selectorOf(filter?.selector, 'filter.selector'),
      ...(filter?.severities?.length ? { severities: filter.severities } : {}),
      ...(filter?.kinds?.length ? { kinds: filter.kinds } : {}),
      ...(filter?.clusterId ? { clusterId: filter.clusterId } : {}),
      after: decodeEventCursor(after),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((e) => ({
        id: e.id.toString(),
        clusterId: e.clusterId,
        clusterName: e.clusterName,
        kind: e.involvedKind,
        namespace: e.involvedNamespace,
        name: e.involvedName,
        severity: e.severity as EventSeverity,
        reason: e.reason,
        message: e.message,
        revision: e.revision,
        occurredAt: e.occurredAt,
      })),
      pageInfo: {
        hasNextPage: rows.length > limit,
        endCursor: last ? encodeEventCursor(last.occurredAt, last.id) : null,
      },
    };
  }

  async search(
    actor: Actor,
    query: string,
    selector: string | null,
    first: number,
  ): Promise<FleetSearchResultObject> {
    const limit = pageSize(first, MAX_SEARCH_HITS);
    const text = textOf(query, 'query');
    if (!text || text.length < MIN_SEARCH)
      throw badInput('query', `search needs at least ${MIN_SEARCH} characters`);
    const scope = await this.access.scope(actor, 'VIEWER');
    const labels = selectorOf(selector, 'selector');
    // `key=value` (any label selector with an equality) searches the Flux objects' own labels only: inventory
    // entries and images have no labels to match.
    const byLabel = labelQuery(text);
    const [objects, entries, images] = byLabel
      ? [await this.repo.searchObjects(scope, labels, { labels: byLabel }, limit + 1), [], []]
      : await Promise.all([
          this.repo.searchObjects(scope, labels, { text }, limit + 1),
          this.repo.searchInventory(scope, labels, text, limit + 1),
          this.repo.searchImages(scope, labels, imageQuery(text), limit + 1),
        ]);
    return {
      objects: objects.slice(0, limit).map((o) => ({ ...o, kind: o.kind as FluxKindName })),
      inventory: visibleEntries(scope, entries).slice(0, limit),
      images: visibleEntries(scope, images).slice(0, limit),
      truncated: objects.length > limit || entries.length > limit || images.length > limit,
    };
  }
}

/**
 * A search text that is a label selector with an equality (`app=web`, `app=web,tier!=db`), or null for a name,
 * kind or image. An image reference never holds `=`, so the two cannot be confused.
 */
function labelQuery(text: string): LabelSelector | null {
  if (!text.includes('=')) return null;
  const parsed = parseLabelSelector(text);
  if (!parsed.ok) throw badInput('query', `invalid label selector: ${parsed.errors[0]?.message}`);
  return parsed.value.some((r) => r.operator === '=' || r.operator === '==') ? parsed.value : null;
}

/** A digest is searched as written after the `@` of a reference (`@sha256:…` finds `sha256:…`). */
const imageQuery = (text: string): string => (text.startsWith('@') ? text.slice(1) : text);

/**
 * As in the object tree: a namespaced entry is shown only where the viewer may see that namespace; a
 * cluster-scoped one has no namespace.
 */
function visibleEntries<T extends InventoryHitRow>(
  scope: Scope,
  rows: readonly T[],
): (Omit<T, 'namespace' | 'ownerKind'> & { namespace: string | null; ownerKind: FluxKindName })[] {
  return rows
    .filter((e) => e.namespace === '' || scopeHolds(scope, e.clusterId, e.namespace))
    .map((e) => ({
      ...e,
      namespace: e.namespace === '' ? null : e.namespace,
      ownerKind: e.ownerKind as FluxKindName,
    }));
}
