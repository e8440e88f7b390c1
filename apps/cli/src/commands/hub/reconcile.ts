import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import type { HubClient } from '../../hub/hub-client.js';
import { findCluster, findGitRepository, findKustomization, type KustomizationClusterView } from '../../hub/hub-objects.js';
import { listHelmRepositories } from '../../hub/helm-repositories.js';
import { listOciRepositories } from '../../hub/oci-repositories.js';
import { connect, namespaceOption, timeoutOption } from './options.js';
import { pollUntil } from './poll.js';

export interface ReconcileOptions {
  namespace: string;
  timeout: number;
  withSource?: boolean;
  cluster?: string;
}

const REQUEST = 'mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }';

// As `flux reconcile`: a suspended object is refused, the request is sent, and the command waits until the
// object's status.lastHandledReconcileAt moves past the value it had before (the request was acted on), then
// reports Ready. The CLI compares with the old value instead of its own clock, which may differ from the hub's.

/** `resume` requests the reconcile as flux's does, without the annotating lines it does not print. */
export interface ReconcileTone {
  announce: boolean;
}

/** A hub source as `flotilla reconcile source` needs it. */
interface SourceState {
  id: string;
  suspend: boolean;
  ready: string;
  message: string | null;
  lastHandledReconcileAt: string | null;
  artifact: { revision: string } | null;
}

/** The source kinds `reconcile source` takes: how each is found and asked to reconcile. */
const SOURCE_KINDS = {
  git: {
    kind: 'GitRepository',
    find: (hub: HubClient, ns: string, name: string): Promise<SourceState> => findGitRepository(hub, ns, name),
    request: (hub: HubClient, id: string) => hub.request(REQUEST, { input: { id, kind: 'GitRepository' } }),
  },
  oci: {
    kind: 'OCIRepository',
    find: async (hub: HubClient, ns: string, name: string): Promise<SourceState> => found('OCIRepository', ns, name, (await listOciRepositories(hub)).find((o) => o.namespace === ns && o.name === name)),
    request: (hub: HubClient, id: string) => hub.request('mutation($id: ID!) { reconcileOciRepository(id: $id) }', { id }),
  },
  helm: {
    kind: 'HelmRepository',
    find: async (hub: HubClient, ns: string, name: string): Promise<SourceState> => found('HelmRepository', ns, name, (await listHelmRepositories(hub)).find((o) => o.namespace === ns && o.name === name)),
    request: (hub: HubClient, id: string) => hub.request('mutation($id: ID!) { reconcileHelmRepository(id: $id) }', { id }),
  },
} as const;

export type SourceKindWord = keyof typeof SOURCE_KINDS;

function found<T>(kind: string, namespace: string, name: string, item: T | undefined): T {
  if (!item) throw new CliError(EXIT.notFound, `${kind} "${namespace}/${name}" not found`);
  return item;
}

/** `flux reconcile source git|oci|helm NAME`: the request, then the wait until the source acted on it. */
export async function reconcileSource(io: CliIo, hub: HubClient, word: SourceKindWord, name: string, o: ReconcileOptions, tone: ReconcileTone = { announce: true }): Promise<void> {
  const { kind, find, request } = SOURCE_KINDS[word];
  const before = await find(hub, o.namespace, name);
  if (before.suspend) throw new CliError(EXIT.failed, `resume ${kind} '${name}' in '${o.namespace}' namespace before reconciling it: it is suspended`);
  if (tone.announce) io.stderr.write(`► annotating ${kind} ${name} in ${o.namespace} namespace\n`);
  await request(hub, before.id);
  io.stderr.write(`${tone.announce ? `✔ ${kind} annotated\n` : ''}◎ waiting for ${kind} reconciliation\n`);
  const after = await pollUntil(
    async () => {
      const now = await find(hub, o.namespace, name);
      return now.lastHandledReconcileAt && now.lastHandledReconcileAt !== before.lastHandledReconcileAt ? now : undefined;
    },
    { timeoutMs: o.timeout, what: `${kind} ${o.namespace}/${name} to be reconciled` },
  );
  if (after.ready !== 'True') throw new CliError(EXIT.failed, `${kind} reconciliation failed: ${after.message ?? 'not ready'}`);
  io.stderr.write(`✔ fetched revision ${after.artifact?.revision ?? ''}\n`);
}

export async function reconcileKs(io: CliIo, hub: HubClient, name: string, o: ReconcileOptions, tone: ReconcileTone = { announce: true }): Promise<void> {
  const before = await findKustomization(hub, o.namespace, name);
  if (before.suspend) throw new CliError(EXIT.failed, `resume Kustomization '${name}' in '${o.namespace}' namespace before reconciling it: it is suspended`);
  const clusterId = o.cluster ? (await findCluster(hub, o.cluster)).id : undefined;
  const targets = before.clusters.filter((c) => !clusterId || c.cluster.id === clusterId);
  if (targets.length === 0) {
    throw new CliError(EXIT.failed, `Kustomization '${name}' is not placed on ${o.cluster ? `cluster '${o.cluster}'` : 'any cluster'}: nothing to reconcile`);
  }
  const handled = new Map(targets.map((c) => [c.cluster.id, c.lastHandledReconcileAt]));
  if (o.withSource) io.stderr.write(`► annotating source ${String(before.spec.sourceRef && (before.spec.sourceRef as { name?: string }).name)} for reconciliation\n`);
  if (tone.announce) io.stderr.write(`► annotating Kustomization ${name} in ${o.namespace} namespace\n`);
  await hub.request(REQUEST, { input: { id: before.id, kind: 'Kustomization', clusterId: clusterId ?? null, withSource: !!o.withSource } });
  io.stderr.write(`${tone.announce ? '✔ Kustomization annotated\n' : ''}◎ waiting for Kustomization reconciliation\n`);
  const done = await pollUntil(
    async () => {
      const now = await findKustomization(hub, o.namespace, name);
      const statuses = now.clusters.filter((c) => handled.has(c.cluster.id));
      const moved = (c: KustomizationClusterView) => c.lastHandledReconcileAt !== null && c.lastHandledReconcileAt !== handled.get(c.cluster.id);
      return statuses.length === handled.size && statuses.every(moved) ? statuses : undefined;
    },
    { timeoutMs: o.timeout, what: `Kustomization ${o.namespace}/${name} to be reconciled on ${[...targets].map((t) => t.cluster.name).join(', ')}` },
  );
  const failed = done.filter((c) => c.ready !== 'True');
  for (const c of done.filter((s) => s.ready === 'True')) io.stderr.write(`✔ applied revision ${c.lastAppliedRevision ?? ''} on ${c.cluster.name}\n`);
  if (failed.length > 0) {
    throw new CliError(EXIT.failed, failed.map((c) => `Kustomization reconciliation failed on ${c.cluster.name}: ${c.message ?? 'not ready'}`).join('\n'));
  }
}

export function reconcileCommand(io: CliIo): Command {
  const reconcile = new Command('reconcile').description('ask the hub to reconcile an object now and wait for the result, as `flux reconcile` does');
  const source = new Command('source').description('sources');
  for (const [word, what] of [['git', 'fetch a GitRepository now'], ['oci', 'pull an OCIRepository now'], ['helm', 'fetch a HelmRepository’s index now']] as const) {
    source.addCommand(
      timeoutOption(namespaceOption(new Command(word).description(what).argument('<name>')), 'the reconciliation').action(
        async (name: string, o: ReconcileOptions) => reconcileSource(io, await connect(), word, name, o),
      ),
    );
  }
  reconcile.addCommand(source);
  reconcile.addCommand(
    timeoutOption(namespaceOption(new Command('kustomization').alias('ks').description('reconcile a Kustomization on its clusters').argument('<name>')), 'the reconciliation')
      .option('--with-source', 'fetch its source first')
      .option('--cluster <name>', 'only on this cluster')
      .action(async (name: string, o: ReconcileOptions) => reconcileKs(io, await connect(), name, o)),
  );
  return reconcile;
}
