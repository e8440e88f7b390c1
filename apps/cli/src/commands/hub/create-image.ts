import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { listImagePolicies, listImageRepositories, listImageUpdateAutomations } from '../../hub/hub-objects.js';
import { upsert, type UpsertMutations } from './upsert.js';
import { connect, namespaceOption, type NamespaceOptions } from './options.js';

// `create image repository|policy`, with flux's flags; the hub checks the values and names the field.

interface RepoFlags extends NamespaceOptions {
  image: string;
  interval: string;
  timeout?: string;
  exclusionList?: string[];
  insecure?: boolean;
}

interface PolicyFlags extends NamespaceOptions {
  imageRef: string;
  selectSemver?: string;
  selectNumeric?: string;
  selectAlpha?: string;
  filterRegex?: string;
  filterExtract?: string;
}

interface UpdateFlags extends NamespaceOptions {
  gitRepoRef: string;
  gitRepoNamespace?: string;
  gitRepoPath?: string;
  checkoutBranch?: string;
  pushBranch?: string;
  authorName: string;
  authorEmail: string;
  commitTemplate?: string;
  interval?: string;
}

const UPDATE_UPSERT: UpsertMutations = {
  create: 'mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { id } }',
  update: 'mutation($id: ID!, $input: ImageUpdateAutomationInput!) { updateImageUpdateAutomation(id: $id, input: $input) { id } }',
};
const REPO_UPSERT: UpsertMutations = {
  create: 'mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }',
  update:
    'mutation($id: ID!, $input: ImageRepositoryInput!) { updateImageRepository(id: $id, input: $input) { id } }',
};
const POLICY_UPSERT: UpsertMutations = {
  create: 'mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id } }',
  update:
    'mutation($id: ID!, $input: ImagePolicyInput!) { updateImagePolicy(id: $id, input: $input) { id } }',
};

/** flux's rule: exactly one of --select-semver, --select-numeric and --select-alpha. */
export function policyChoice(o: PolicyFlags): Record<string, unknown> {
  const given = [
    o.selectSemver !== undefined,
    o.selectNumeric !== undefined,
    o.selectAlpha !== undefined,
  ].filter(Boolean).length;
  if (given !== 1)
    throw new CliError(
      EXIT.usage,
      'give exactly one of --select-semver, --select-numeric and --select-alpha',
    );
  if (o.selectSemver !== undefined) return { semver: { range: o.selectSemver } };
  const order = (o.selectNumeric ?? o.selectAlpha)!;
  if (order !== 'asc' && order !== 'desc')
    throw new CliError(
      EXIT.usage,
      `--select-${o.selectNumeric !== undefined ? 'numeric' : 'alpha'}: "${order}" is neither asc nor desc`,
    );
  return o.selectNumeric !== undefined ? { numerical: { order } } : { alphabetical: { order } };
}

export function createImageCommand(io: CliIo): Command {
  const image = new Command('image').description('image automation objects');
  image.addCommand(
    namespaceOption(
      new Command('repository').description('create or update an ImageRepository').argument('<name>'),
    )
      .requiredOption('--image <image>', 'the image to scan, without tag (e.g. ghcr.io/org/app)')
      .option('--interval <duration>', 'how often to scan the registry', '1m')
      .option('--timeout <duration>', 'timeout of one scan (default: the interval)')
      .option('--exclusion-list <regex...>', 'tags matching these Go regular expressions are left out')
      .option('--insecure', 'talk plain HTTP to the registry')
      .action(async (name: string, o: RepoFlags) => {
        const hub = await connect();
        const existing = (await listImageRepositories(hub)).find(
          (r) => r.namespace === o.namespace && r.name === name,
        );
        const input = {
          name,
          namespace: o.namespace,
          image: o.image,
          interval: o.interval,
          ...(o.timeout ? { timeout: o.timeout } : {}),
          ...(o.exclusionList ? { exclusionList: o.exclusionList } : {}),
          ...(o.insecure ? { insecure: true } : {}),
        };
        await upsert(io, hub, 'ImageRepository', existing?.id, REPO_UPSERT, input);
      }),
  );
  image.addCommand(
    namespaceOption(new Command('policy').description('create or update an ImagePolicy').argument('<name>'))
      .requiredOption(
        '--image-ref <name>',
        'the ImageRepository whose tags it picks from: <name>[.<namespace>]',
      )
      .option('--select-semver <range>', 'the highest tag in this semver range')
      .option('--select-numeric <order>', 'the last tag in numeric order: asc or desc')
      .option('--select-alpha <order>', 'the last tag in alphabetical order: asc or desc')
      .option('--filter-regex <regex>', 'only tags matching this Go regular expression')
      .option('--filter-extract <template>', 'the value compared: a $name template over the regex groups')
      .action(async (name: string, o: PolicyFlags) => {
        const policy = policyChoice(o);
        const hub = await connect();
        const dot = o.imageRef.indexOf('.');
        const imageRepositoryRef =
          dot >= 0
            ? { name: o.imageRef.slice(0, dot), namespace: o.imageRef.slice(dot + 1) }
            : { name: o.imageRef };
        const existing = (await listImagePolicies(hub)).find(
          (p) => p.namespace === o.namespace && p.name === name,
        );
        const input = {
          name,
          namespace: o.namespace,
          imageRepositoryRef,
          policy,
          ...(o.filterRegex || o.filterExtract
            ? {
                filterTags: {
                  ...(o.filterRegex ? { pattern: o.filterRegex } : {}),
                  ...(o.filterExtract ? { extract: o.filterExtract } : {}),
                },
              }
            : {}),
        };
        await upsert(io, hub, 'ImagePolicy', existing?.id, POLICY_UPSERT, input);
      }),
  );
  image.addCommand(
    namespaceOption(new Command('update').description('create or update an ImageUpdateAutomation').argument('<name>'))
      .requiredOption('--git-repo-ref <name>', 'the GitRepository whose files it updates')
      .option('--git-repo-namespace <namespace>', "the GitRepository's namespace (default: the automation's)")
      .option('--git-repo-path <path>', 'the directory whose setter markers it updates', './')
      .option('--checkout-branch <branch>', "the branch to start from (default: the GitRepository's)")
      .option('--push-branch <branch>', 'the branch to push to (default: the checkout branch)')
      .requiredOption('--author-name <name>', 'the commit author name')
      .requiredOption('--author-email <email>', 'the commit author email')
      .option('--commit-template <template>', 'the commit message, a Go template over Flux data')
      .option('--interval <duration>', 'how often to run')
      .action(async (name: string, o: UpdateFlags) => {
        const hub = await connect();
        const existing = (await listImageUpdateAutomations(hub)).find((u) => u.namespace === o.namespace && u.name === name);
        const input = {
          name,
          namespace: o.namespace,
          sourceName: o.gitRepoRef,
          authorName: o.authorName,
          authorEmail: o.authorEmail,
          ...(o.gitRepoNamespace ? { sourceNamespace: o.gitRepoNamespace } : {}),
          ...(o.gitRepoPath ? { updatePath: o.gitRepoPath } : {}),
          ...(o.checkoutBranch ? { checkoutBranch: o.checkoutBranch } : {}),
          ...(o.pushBranch ? { pushBranch: o.pushBranch } : {}),
          ...(o.commitTemplate ? { messageTemplate: o.commitTemplate } : {}),
          ...(o.interval ? { interval: o.interval } : {}),
        };
        await upsert(io, hub, 'ImageUpdateAutomation', existing?.id, UPDATE_UPSERT, input);
      }),
  );
  return image;
}
