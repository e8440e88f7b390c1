import { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { listOciRepositories } from '../../hub/oci-repositories.js';
import { connect, namespaceOption, type NamespaceOptions } from './options.js';
import { upsert, type UpsertMutations } from './upsert.js';

// `create source oci` as flux's: one of --tag, --tag-semver, --digest (flux's flags), the layer selector, and
// `--export` printing the OCIRepository as flux prints it instead of sending it. The hub checks the values.

interface OciFlags extends NamespaceOptions {
  url: string;
  tag?: string;
  tagSemver?: string;
  digest?: string;
  interval: string;
  timeout?: string;
  ignorePaths?: string;
  insecure?: boolean;
  layerMediaType?: string;
  layerOperation?: string;
  export?: boolean;
}

const OCI_UPSERT: UpsertMutations = {
  create: 'mutation($input: OCIRepositoryInput!) { createOciRepository(input: $input) { id } }',
  update: 'mutation($id: ID!, $input: OCIRepositoryInput!) { updateOciRepository(id: $id, input: $input) { id } }',
};

/** The spec flux's flags make; one ref at most, as flux refuses more. */
export function ociSpecOf(o: OciFlags): Record<string, unknown> {
  const refs: Record<string, string>[] = [];
  if (o.tag) refs.push({ tag: o.tag });
  if (o.tagSemver) refs.push({ semver: o.tagSemver });
  if (o.digest) refs.push({ digest: o.digest });
  if (refs.length > 1) throw new CliError(EXIT.usage, 'only one of --tag, --tag-semver or --digest can be set');
  return {
    interval: o.interval,
    url: o.url,
    ...(refs[0] ? { ref: refs[0] } : {}),
    ...(o.timeout ? { timeout: o.timeout } : {}),
    ...(o.ignorePaths ? { ignore: o.ignorePaths.split(',').join('\n') } : {}),
    ...(o.insecure ? { insecure: true } : {}),
    ...(o.layerMediaType || o.layerOperation ? { layerSelector: { ...(o.layerMediaType ? { mediaType: o.layerMediaType } : {}), ...(o.layerOperation ? { operation: o.layerOperation } : {}) } } : {}),
  };
}

export function createOciCommand(io: CliIo): Command {
  return namespaceOption(new Command('oci').description('create or update an OCIRepository').argument('<name>'))
    .requiredOption('--url <url>', 'the OCI repository address (oci://<host>/<org>/<repo>)')
    .option('--tag <tag>', 'the artifact tag')
    .option('--tag-semver <range>', 'the artifact tag semver range')
    .option('--digest <digest>', 'the artifact digest')
    .option('--interval <duration>', 'how often to check the registry', '1m')
    .option('--timeout <duration>', 'timeout of registry operations')
    .option('--ignore-paths <paths>', 'paths to leave out of the artifact, comma-separated (.sourceignore format)')
    .option('--insecure', 'plain HTTP to the registry')
    .option('--layer-media-type <type>', 'the media type of the layer to take')
    .option('--layer-operation <operation>', 'extract or copy the layer')
    .option('--export', 'print the OCIRepository as YAML instead of sending it to the hub')
    .action(async (name: string, o: OciFlags) => {
      const spec = ociSpecOf(o);
      if (o.export) {
        io.stdout.write(`---\n${stringify({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: { name, namespace: o.namespace }, spec })}`);
        return;
      }
      const hub = await connect();
      const existing = (await listOciRepositories(hub)).find((r) => r.namespace === o.namespace && r.name === name);
      await upsert(io, hub, 'OCIRepository', existing?.id, OCI_UPSERT, { name, namespace: o.namespace, spec });
    });
}
