import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { listGitRepositories, listKustomizations } from '../../hub/hub-objects.js';
import { createImageCommand } from './create-image.js';
import { createOciCommand } from './create-oci.js';
import { createNotificationCommands } from './create-notification.js';
import { createReceiverCommand } from './create-receiver.js';
import { gitCredentialFlags, gitCredentialsInput, type GitCredentialFlags } from './git-credential-flags.js';
import { connect, namespaceOption, type NamespaceOptions } from './options.js';
import { upsert, type UpsertMutations } from './upsert.js';

// `create` makes or updates (as flux's create does) a hub object from flux's flags. Values are checked by the
// hub, which has the one definition of each kind; its message names the field.

interface GitFlags extends NamespaceOptions, GitCredentialFlags {
  url: string;
  branch?: string;
  tag?: string;
  tagSemver?: string;
  commit?: string;
  refName?: string;
  interval: string;
  timeout?: string;
  ignorePaths?: string;
}

interface KsFlags extends NamespaceOptions {
  source: string;
  path: string;
  prune: boolean;
  interval: string;
  timeout?: string;
  retryInterval?: string;
  targetNamespace?: string;
  wait?: boolean;
  force?: boolean;
  dependsOn?: string[];
  clusterSelector?: string;
  clusters?: string;
}

const GIT_UPSERT: UpsertMutations = {
  create: 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }',
  update: 'mutation($id: ID!, $input: GitRepositoryInput!) { updateGitRepository(id: $id, input: $input) { id } }',
};
const KS_UPSERT: UpsertMutations = {
  create: 'mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }',
  update: 'mutation($id: ID!, $input: KustomizationInput!) { updateKustomization(id: $id, input: $input) { id } }',
};

function gitRef(o: GitFlags): Record<string, string> | null {
  const ref = { branch: o.branch, tag: o.tag, semver: o.tagSemver, commit: o.commit, name: o.refName };
  const set = Object.fromEntries(Object.entries(ref).filter((e): e is [string, string] => e[1] !== undefined));
  return Object.keys(set).length > 0 ? set : null;
}

/** flux's `--source [<kind>/]<name>[.<namespace>]`; hub sources are GitRepositories. */
export function parseSourceFlag(raw: string): { kind: string; name: string; namespace?: string } {
  const slash = raw.indexOf('/');
  const kind = slash >= 0 ? raw.slice(0, slash) : 'GitRepository';
  const rest = slash >= 0 ? raw.slice(slash + 1) : raw;
  const dot = rest.indexOf('.');
  const name = dot >= 0 ? rest.slice(0, dot) : rest;
  if (!name) throw new CliError(EXIT.usage, `--source: "${raw}" names no source (expected [GitRepository/]<name>[.<namespace>])`);
  return dot >= 0 ? { kind, name, namespace: rest.slice(dot + 1) } : { kind, name };
}

export function createCommand(io: CliIo): Command {
  const create = new Command('create').description('create or update hub objects, as `flux create` does');
  const source = new Command('source').description('sources');
  source.addCommand(
    gitCredentialFlags(namespaceOption(new Command('git').description('create or update a GitRepository').argument('<name>')))
      .requiredOption('--url <url>', 'the repository URL (http(s):// or ssh://)')
      .option('--branch <branch>', 'git branch')
      .option('--tag <tag>', 'git tag')
      .option('--tag-semver <range>', 'git tag semver range')
      .option('--commit <sha>', 'git commit SHA')
      .option('--ref-name <ref>', 'git reference name (refs/…)')
      .option('--interval <duration>', 'how often to fetch', '1m')
      .option('--timeout <duration>', 'timeout of git operations')
      .option('--ignore-paths <paths>', 'paths to leave out of the artifact, comma-separated (.sourceignore format)')
      .action(async (name: string, o: GitFlags) => {
        const credentials = await gitCredentialsInput(o);
        const hub = await connect();
        const existing = (await listGitRepositories(hub)).find((g) => g.namespace === o.namespace && g.name === name);
        const input = {
          name,
          namespace: o.namespace,
          url: o.url,
          ref: gitRef(o),
          interval: o.interval,
          ...(o.timeout ? { timeout: o.timeout } : {}),
          ...(o.ignorePaths ? { ignore: o.ignorePaths.split(',').join('\n') } : {}),
          // Without credential flags an update keeps the stored credentials, as the web form does.
          ...(credentials ? { credentials } : {}),
        };
        await upsert(io, hub, 'GitRepository', existing?.id, GIT_UPSERT, input);
      }),
  );
  source.addCommand(createOciCommand(io));
  create.addCommand(source);
  create.addCommand(createImageCommand(io));
  for (const cmd of createNotificationCommands(io)) create.addCommand(cmd);
  create.addCommand(createReceiverCommand(io));
  create.addCommand(
    namespaceOption(new Command('kustomization').alias('ks').description('create or update a Kustomization and its placement').argument('<name>'))
      .requiredOption('--source <source>', 'its source: [GitRepository/]<name>[.<namespace>]')
      .option('--path <path>', 'path to the directory holding a kustomization.yaml or plain manifests', './')
      .option('--prune', 'delete what was applied and is no longer in the source', false)
      .option('--interval <duration>', 'how often to reconcile', '1m')
      .option('--timeout <duration>', 'timeout of apply and health checks')
      .option('--retry-interval <duration>', 'how soon to retry after a failure')
      .option('--target-namespace <namespace>', 'overrides the namespace of every object')
      .option('--wait', 'wait for every applied object to become ready')
      .option('--force', 'recreate objects whose immutable fields changed')
      .option('--depends-on <name...>', 'Kustomizations that must be ready first: [<namespace>/]<name>')
      .option('--cluster-selector <labels>', 'place it on clusters matching this label selector')
      .option('--clusters <names>', 'place it on these clusters, comma-separated')
      .action(async (name: string, o: KsFlags) => {
        const hub = await connect();
        const sourceRef = parseSourceFlag(o.source);
        const spec = {
          interval: o.interval,
          path: o.path,
          prune: o.prune,
          sourceRef,
          ...(o.timeout ? { timeout: o.timeout } : {}),
          ...(o.retryInterval ? { retryInterval: o.retryInterval } : {}),
          ...(o.targetNamespace ? { targetNamespace: o.targetNamespace } : {}),
          ...(o.wait ? { wait: true } : {}),
          ...(o.force ? { force: true } : {}),
          ...(o.dependsOn
            ? { dependsOn: o.dependsOn.map((d) => (d.includes('/') ? { namespace: d.split('/')[0], name: d.split('/')[1] } : { name: d })) }
            : {}),
        };
        const placement = { clusterSelector: o.clusterSelector ?? null, clusterNames: o.clusters ? o.clusters.split(',').filter(Boolean) : [] };
        const existing = (await listKustomizations(hub)).find((k) => k.namespace === o.namespace && k.name === name);
        await upsert(io, hub, 'Kustomization', existing?.id, KS_UPSERT, { name, namespace: o.namespace, spec, placement });
      }),
  );
  return create;
}
