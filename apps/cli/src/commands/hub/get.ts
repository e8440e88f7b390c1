import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import type { HubClient } from '../../hub/hub-client.js';
import {
  findCluster,
  listClusters,
  listGitRepositories,
  listImagePolicies,
  listImageRepositories,
  listImageUpdateAutomations,
  listKustomizations,
  listUpdateProposals,
} from '../../hub/hub-objects.js';
import { listFluxObjects } from '../../hub/flux-objects.js';
import { listHelmRepositories } from '../../hub/helm-repositories.js';
import { listOciRepositories } from '../../hub/oci-repositories.js';
import { formatRecords, formatTable } from '../../hub/table.js';
import {
  clusterRows,
  helmReleaseRows,
  imagePolicyRows,
  imageRepositoryRows,
  imageUpdateRows,
  kustomizationRows,
  proposalRows,
  sourceRows,
  type Rows,
} from './get-rows.js';
import { connect, durationArg, namespaceOption, outputOption, type OutputOptions } from './options.js';
import { watchRows } from './watch.js';

interface GetOptions extends OutputOptions {
  open?: boolean;
  namespace: string;
  allNamespaces?: boolean;
  cluster?: string;
  selector?: string;
  watch?: boolean;
  interval: number;
}

/** One listing: the records for yaml/json and the table rows, fetched again on each `--watch` poll. */
type Lister = (hub: HubClient, name: string | undefined, opts: GetOptions) => Promise<{ records: unknown[]; rows: Rows }>;

const inNamespace = (opts: GetOptions, name: string | undefined) => (o: { namespace: string; name: string }) =>
  (opts.allNamespaces || o.namespace === opts.namespace) && (name === undefined || o.name === name);

const listGit: Lister = async (hub, name, opts) => {
  const items = (await listGitRepositories(hub)).filter(inNamespace(opts, name));
  return { records: items, rows: sourceRows(items, !!opts.allNamespaces) };
};

const listOci: Lister = async (hub, name, opts) => {
  const items = (await listOciRepositories(hub)).filter(inNamespace(opts, name));
  return { records: items, rows: sourceRows(items, !!opts.allNamespaces) };
};

const listHelm: Lister = async (hub, name, opts) => {
  const items = (await listHelmRepositories(hub)).filter(inNamespace(opts, name));
  return { records: items, rows: sourceRows(items, !!opts.allNamespaces) };
};

/** The clusters `--cluster` and `--selector` leave (both: those in both); undefined when neither is given. */
async function selectedClusterIds(hub: HubClient, opts: GetOptions): Promise<Set<string> | undefined> {
  let clusterIds: Set<string> | undefined;
  if (opts.cluster) clusterIds = new Set([(await findCluster(hub, opts.cluster)).id]);
  if (opts.selector) {
    const selected = new Set((await listClusters(hub, opts.selector)).map((c) => c.id));
    clusterIds = clusterIds ? new Set([...clusterIds].filter((id) => selected.has(id))) : selected;
  }
  return clusterIds;
}

const listKs: Lister = async (hub, name, opts) => {
  const clusterIds = await selectedClusterIds(hub, opts);
  const items = (await listKustomizations(hub)).filter(inNamespace(opts, name));
  return { records: items, rows: kustomizationRows(items, { allNamespaces: !!opts.allNamespaces, clusterIds }) };
};

// HelmReleases as the clusters' agents report them (those a cluster runs, whoever applied them).
const listHr: Lister = async (hub, name, opts) => {
  const clusterIds = await selectedClusterIds(hub, opts);
  const only = clusterIds?.size === 1 ? [...clusterIds][0] : undefined;
  const items = (await listFluxObjects(hub, ['HelmRelease'], only)).filter((h) => inNamespace(opts, name)(h) && (!clusterIds || clusterIds.has(h.clusterId)));
  return { records: items, rows: helmReleaseRows(items, !!opts.allNamespaces) };
};

const listCl: Lister = async (hub, name, opts) => {
  const items = (await listClusters(hub, opts.selector)).filter((c) => name === undefined || c.name === name);
  return { records: items, rows: clusterRows(items) };
};

const listImageRepos: Lister = async (hub, name, opts) => {
  const items = (await listImageRepositories(hub)).filter(inNamespace(opts, name));
  return { records: items, rows: imageRepositoryRows(items, !!opts.allNamespaces) };
};

const listImagePols: Lister = async (hub, name, opts) => {
  const items = (await listImagePolicies(hub)).filter(inNamespace(opts, name));
  return { records: items, rows: imagePolicyRows(items, !!opts.allNamespaces) };
};

const listImageUpdates: Lister = async (hub, name, opts) => {
  const items = (await listImageUpdateAutomations(hub)).filter(inNamespace(opts, name));
  return { records: items, rows: imageUpdateRows(items, !!opts.allNamespaces) };
};

const listProposals: Lister = async (hub, id, opts) => {
  const items = (await listUpdateProposals(hub, !!opts.open)).filter((p) => id === undefined || p.id === id);
  return { records: items, rows: proposalRows(items) };
};

async function runGet(io: CliIo, kind: string, list: Lister, name: string | undefined, opts: GetOptions): Promise<void> {
  const hub = await connect();
  if (opts.watch) {
    if (opts.output !== 'table') throw new CliError(EXIT.usage, '--watch prints a table; drop -o');
    return watchRows(io, () => list(hub, name, opts).then((r) => r.rows), opts.interval);
  }
  const { records, rows } = await list(hub, name, opts);
  if (name !== undefined && records.length === 0) {
    throw new CliError(EXIT.notFound, `${kind} object '${name}' not found${opts.allNamespaces ? '' : ` in '${opts.namespace}' namespace`}`);
  }
  if (opts.output !== 'table') {
    io.stdout.write(formatRecords(opts.output, records));
    return;
  }
  if (rows.rows.length === 0) {
    // flux says this on stderr too, so a script reading stdout sees an empty table.
    io.stderr.write(`no ${kind} objects found${opts.allNamespaces ? '' : ` in '${opts.namespace}' namespace`}\n`);
    return;
  }
  io.stdout.write(formatTable(rows.headers, rows.rows));
}

function listCommand(io: CliIo, name: string, kind: string, list: Lister, opts: { aliases?: string[]; namespaced: boolean; perCluster: boolean; description?: string }): Command {
  const cmd = new Command(name).description(opts.description ?? `list ${kind} objects of the hub`).argument('[name]', `only the ${kind} with this name`);
  if (opts.aliases) cmd.aliases(opts.aliases);
  if (opts.namespaced) {
    namespaceOption(cmd);
    cmd.option('-A, --all-namespaces', 'list objects of every namespace (adds a NAMESPACE column)');
  }
  if (opts.perCluster) cmd.option('--cluster <name>', 'only the rows of this cluster');
  if (opts.perCluster || name === 'clusters') cmd.option('--selector <labels>', 'only clusters matching this label selector (env=prod,tier in (a,b))');
  outputOption(cmd);
  cmd.option('-w, --watch', 'poll the hub and print rows as they change, until interrupted');
  cmd.option('--interval <duration>', 'how often --watch polls', durationArg, durationArg('2s'));
  return cmd.action((objName: string | undefined, o: GetOptions) => runGet(io, kind, list, objName, o));
}

export function getCommand(io: CliIo): Command {
  const get = new Command('get').description('list hub objects and their status, as `flux get` does');
  const sources = new Command('sources').description('list sources');
  sources.addCommand(listCommand(io, 'git', 'GitRepository', listGit, { namespaced: true, perCluster: false }));
  sources.addCommand(listCommand(io, 'oci', 'OCIRepository', listOci, { namespaced: true, perCluster: false }));
  sources.addCommand(listCommand(io, 'helm', 'HelmRepository', listHelm, { namespaced: true, perCluster: false }));
  get.addCommand(sources);
  get.addCommand(listCommand(io, 'kustomizations', 'Kustomization', listKs, { aliases: ['kustomization', 'ks'], namespaced: true, perCluster: true }));
  get.addCommand(
    listCommand(io, 'helmreleases', 'HelmRelease', listHr, {
      aliases: ['helmrelease', 'hr'],
      namespaced: true,
      perCluster: true,
      description: 'list the HelmRelease objects the clusters run, as their agents report them',
    }),
  );
  const images = new Command('images').description('list image automation objects');
  images.addCommand(listCommand(io, 'repository', 'ImageRepository', listImageRepos, { aliases: ['repositories'], namespaced: true, perCluster: false }));
  images.addCommand(listCommand(io, 'policy', 'ImagePolicy', listImagePols, { aliases: ['policies'], namespaced: true, perCluster: false }));
  images.addCommand(listCommand(io, 'update', 'ImageUpdateAutomation', listImageUpdates, { namespaced: true, perCluster: false }));
  get.addCommand(images);
  get.addCommand(
    listCommand(io, 'proposals', 'UpdateProposal', listProposals, { aliases: ['proposal'], namespaced: false, perCluster: false }).option(
      '--open',
      'only proposals in flight (open, approved, conflicted)',
    ),
  );
  get.addCommand(listCommand(io, 'clusters', 'Cluster', listCl, { aliases: ['cluster'], namespaced: false, perCluster: false }));
  return get;
}
