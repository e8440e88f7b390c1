import { Command, Option } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { fluxObjectTree, MAX_TREE_NODES } from '../../hub/flux-objects.js';
import { findCluster } from '../../hub/hub-objects.js';
import { formatRecords } from '../../hub/table.js';
import { formatTree } from '../../hub/tree-format.js';
import { connect, namespaceOption } from './options.js';

interface TreeOptions {
  namespace: string;
  cluster: string;
  output: 'tree' | 'yaml' | 'json';
}

/**
 * `flux tree kustomization` for one cluster: the inventory its agent reported, with the inventories of the
 * Kustomizations and HelmReleases in it nested below them, and the Ready state of each Flux object.
 */
export function treeCommand(io: CliIo): Command {
  const tree = new Command('tree').description(
    'print the objects a Flux object applied on a cluster, as `flux tree` does',
  );
  tree.addCommand(
    namespaceOption(
      new Command('kustomization')
        .alias('ks')
        .description("print a Kustomization's inventory on one cluster, nested")
        .argument('<name>'),
    )
      .requiredOption('--cluster <name>', 'the cluster whose agent reported the inventory')
      .addOption(
        new Option('-o, --output <format>', 'output format')
          .choices(['tree', 'yaml', 'json'])
          .default('tree'),
      )
      .action(async (name: string, o: TreeOptions) => {
        const hub = await connect();
        const cluster = await findCluster(hub, o.cluster);
        const { root, nodes, truncated } = await fluxObjectTree(hub, {
          clusterId: cluster.id,
          kind: 'Kustomization',
          namespace: o.namespace,
          name,
        }).catch((err: unknown) => {
          if (err instanceof CliError && err.exitCode === EXIT.notFound) {
            throw new CliError(
              EXIT.notFound,
              `Kustomization object '${name}' not found in '${o.namespace}' namespace on cluster '${o.cluster}'`,
            );
          }
          throw err;
        });
        if (o.output === 'tree') io.stdout.write(formatTree(root, nodes));
        else io.stdout.write(formatRecords(o.output, nodes));
        if (truncated) io.stderr.write(`! only the first ${MAX_TREE_NODES} objects are shown\n`);
      }),
  );
  return tree;
}
