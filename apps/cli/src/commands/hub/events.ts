import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import type { HubClient } from '../../hub/hub-client.js';
import { findCluster, findKustomization } from '../../hub/hub-objects.js';
import { formatTable } from '../../hub/table.js';
import type { Rows } from './get-rows.js';
import { watchRows } from './watch.js';
import { connect, durationArg, namespaceOption } from './options.js';

interface EventView {
  id: string;
  clusterName: string;
  involvedKind: string;
  involvedName: string;
  involvedNamespace: string | null;
  reason: string;
  severity: string;
  message: string;
  occurredAt: string;
}

interface EventsOptions {
  namespace: string;
  for?: string;
  cluster?: string;
  watch?: boolean;
  interval: number;
}

const HEADERS = ['last seen', 'cluster', 'type', 'reason', 'object', 'message'];

/** kubectl's short age: 45s, 12m, 3h, 2d. */
export function age(from: Date, now: Date): string {
  const s = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** flux's TYPE column: Kubernetes event types, Warning for errors. */
const typeOf = (severity: string) => (severity === 'error' ? 'Warning' : 'Normal');

const row = (e: EventView, now: Date) => [age(new Date(e.occurredAt), now), e.clusterName, typeOf(e.severity), e.reason, `${e.involvedKind}/${e.involvedName}`, e.message];

/** `--for Kind/name`, as flux's events take it. */
function parseFor(raw: string): { kind: string; name: string } {
  const [kind, name, ...rest] = raw.split('/');
  if (!kind || !name || rest.length > 0) throw new CliError(EXIT.usage, `--for: "${raw}" is not <Kind>/<name>`);
  return { kind, name };
}

async function fetchEvents(hub: HubClient, o: EventsOptions): Promise<EventView[]> {
  const target = o.for ? parseFor(o.for) : undefined;
  const clusterId = o.cluster ? (await findCluster(hub, o.cluster)).id : null;
  const kustomizationId = target?.kind === 'Kustomization' ? (await findKustomization(hub, o.namespace, target.name)).id : null;
  const { events } = await hub.request<{ events: EventView[] }>(
    'query($c: ID, $k: ID) { events(clusterId: $c, kustomizationId: $k, first: 500) { id clusterName involvedKind involvedName involvedNamespace reason severity message occurredAt } }',
    { c: clusterId, k: kustomizationId },
  );
  // Oldest first, as flux prints them; objects the hub does not filter by id are filtered here by kind and name.
  return events.filter((e) => !target || target.kind === 'Kustomization' || (e.involvedKind === target.kind && e.involvedName === target.name)).reverse();
}

export function eventsCommand(io: CliIo): Command {
  return namespaceOption(new Command('events').description("print the events the hub received from the clusters' agents, oldest first"))
    .option('--for <Kind/name>', 'only the events of this object')
    .option('--cluster <name>', 'only the events of this cluster')
    .option('-w, --watch', 'keep printing new events, until interrupted')
    .option('--interval <duration>', 'how often --watch polls', durationArg, durationArg('2s'))
    .action(async (o: EventsOptions) => {
      const hub = await connect();
      const poll = async (): Promise<Rows> => {
        const events = await fetchEvents(hub, o);
        const now = new Date();
        return { headers: HEADERS, rows: events.map((e) => row(e, now)), keys: events.map((e) => e.id) };
      };
      if (o.watch) return watchRows(io, poll, o.interval);
      const { rows } = await poll();
      if (rows.length === 0) io.stderr.write('no events found\n');
      else io.stdout.write(formatTable(HEADERS, rows));
    });
}
