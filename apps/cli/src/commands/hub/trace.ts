import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import type { HubClient } from '../../hub/hub-client.js';
import {
  getFluxObject,
  searchInventory,
  type FluxObjectView,
  type InventoryHitView,
} from '../../hub/flux-objects.js';
import { findCluster, listGitRepositories, listKustomizations } from '../../hub/hub-objects.js';
import { placementText } from '../../hub/placement-text.js';
import { connect, namespaceOption } from './options.js';

interface TraceOptions {
  namespace: string;
  cluster?: string;
  apiVersion?: string;
}

/** A chain of Kustomizations applying each other ends within this many steps unless the reports loop. */
const MAX_CHAIN = 20;

/** `kind/name` as flux trace takes it (kind in any case). */
export function parseObjectArg(raw: string): { kind: string; name: string } {
  const slash = raw.indexOf('/');
  const kind = raw.slice(0, slash);
  const name = raw.slice(slash + 1);
  if (slash <= 0 || !name || name.includes('/'))
    throw new CliError(EXIT.usage, `"${raw}" is not <kind>/<name> (e.g. Deployment/podinfo)`);
  return { kind, name };
}

/** The group of `--api-version apps/v1` (`v1` is the core group, ''). */
const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

const block = (fields: [string, string | null | undefined][]) =>
  fields
    .filter((f): f is [string, string] => f[1] !== null && f[1] !== undefined && f[1] !== '')
    .map(([label, value]) => `${`${label}:`.padEnd(15)}${value}`)
    .join('\n');

const status = (o: { ready: string; reason: string | null; suspended: boolean }) =>
  o.suspended ? 'Suspended' : `Ready=${o.ready}${o.reason ? ` (${o.reason})` : ''}`;

/** The hub-side part of the chain: the hub Kustomization that placed it and the GitRepository it reads. */
async function hubSource(hub: HubClient, kustomizationId: string): Promise<string[]> {
  const ks = (await listKustomizations(hub)).find((k) => k.id === kustomizationId);
  if (!ks) return [];
  const ref = ks.spec.sourceRef as { kind?: string; name?: string; namespace?: string } | undefined;
  const out = [
    block([
      ['Placed by', `hub Kustomization ${ks.namespace}/${ks.name}`],
      ['Placement', placementText(ks.placement)],
    ]),
  ];
  if (ref?.name && (ref.kind ?? 'GitRepository') === 'GitRepository') {
    const git = (await listGitRepositories(hub)).find(
      (g) => g.name === ref.name && g.namespace === (ref.namespace ?? ks.namespace),
    );
    if (git) {
      out.push(
        block([
          ['GitRepository', git.name],
          ['Namespace', git.namespace],
          ['URL', git.url],
          ['Revision', git.artifact?.revision],
          ['Status', status({ ready: git.ready, reason: null, suspended: git.suspend })],
          ['Message', git.message],
        ]),
      );
    }
  }
  return out;
}

/** One traced object: itself, then each Flux object up the chain that applied it, then the hub's part. */
async function traceHit(hub: HubClient, hit: InventoryHitView): Promise<string> {
  const parts = [
    block([
      ['Object', `${hit.kind}/${hit.name}`],
      ['Namespace', hit.namespace],
      ['Cluster', hit.clusterName],
      ['Status', 'Managed by Flux'],
    ]),
  ];
  let ref: { kind: string; namespace: string; name: string } | null = {
    kind: hit.ownerKind,
    namespace: hit.ownerNamespace,
    name: hit.ownerName,
  };
  const seen = new Set<string>();
  let top: FluxObjectView | null = null;
  while (ref && seen.size < MAX_CHAIN && !seen.has(`${ref.kind}/${ref.namespace}/${ref.name}`)) {
    seen.add(`${ref.kind}/${ref.namespace}/${ref.name}`);
    const obj = await getFluxObject(hub, { clusterId: hit.clusterId, ...ref });
    if (!obj) {
      parts.push(
        block([
          [ref.kind, ref.name],
          ['Namespace', ref.namespace],
          ['Status', 'not reported by the agent'],
        ]),
      );
      break;
    }
    parts.push(
      block([
        [obj.kind, obj.name],
        ['Namespace', obj.namespace],
        ['Origin', obj.origin === 'HUB' ? 'hub' : 'cluster'],
        ['Revision', obj.revision],
        ['Status', status(obj)],
        ['Message', obj.message],
      ]),
    );
    top = obj;
    ref = obj.parent ? { kind: 'Kustomization', ...obj.parent } : null;
  }
  if (top?.kustomizationId) parts.push(...(await hubSource(hub, top.kustomizationId)));
  return `${parts.join('\n---\n')}\n`;
}

/**
 * `flux trace` across the fleet: which Flux object applied this object on which cluster, from the
 * inventories the agents report, up to the hub Kustomization that placed it and its source.
 */
export function traceCommand(io: CliIo): Command {
  return namespaceOption(
    new Command('trace')
      .description('show which Flux object, on which cluster, manages an object, as `flux trace` does')
      .argument('<kind/name>', 'the object, e.g. Deployment/podinfo (a cluster-scoped one ignores -n)'),
  )
    .option('--cluster <name>', 'only on this cluster (default: every cluster whose agent reported it)')
    .option(
      '--api-version <apiVersion>',
      "the object's apiVersion, when two groups have the kind (e.g. apps/v1)",
    )
    .action(async (raw: string, o: TraceOptions) => {
      const { kind, name } = parseObjectArg(raw);
      const text = name.length >= 3 ? name : kind;
      if (text.length < 3)
        throw new CliError(EXIT.usage, 'trace looks objects up by a name or kind of at least 3 characters');
      const hub = await connect();
      const clusterId = o.cluster ? (await findCluster(hub, o.cluster)).id : undefined;
      const { hits, truncated } = await searchInventory(hub, text);
      const matches = hits.filter(
        (h) =>
          h.name === name &&
          h.kind.toLowerCase() === kind.toLowerCase() &&
          (h.namespace === null || h.namespace === o.namespace) &&
          (!clusterId || h.clusterId === clusterId) &&
          (o.apiVersion === undefined || h.group === groupOf(o.apiVersion)),
      );
      if (matches.length === 0) {
        const where = `${o.cluster ? ` on cluster '${o.cluster}'` : ''}`;
        const more = truncated ? ` (only the first ${hits.length} objects named like it were searched)` : '';
        throw new CliError(
          EXIT.notFound,
          `${kind}/${name} in '${o.namespace}' namespace${where} is not in any inventory the agents reported${more}`,
        );
      }
      const traces = [];
      for (const hit of matches) traces.push(await traceHit(hub, hit));
      io.stdout.write(traces.join('\n'));
    });
}
