import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { DEFAULT_NAMESPACE } from '../../hub/hub-objects.js';
import { placementText } from '../../hub/placement-text.js';
import { connect } from './options.js';

/** The words export takes for each kind: its name (singular or plural) and flux's short word where flux has one. */
const KIND_WORDS: Record<string, string> = {
  gitrepository: 'GitRepository',
  gitrepositories: 'GitRepository',
  git: 'GitRepository',
  ocirepository: 'OCIRepository',
  ocirepositories: 'OCIRepository',
  oci: 'OCIRepository',
  helmrepository: 'HelmRepository',
  helmrepositories: 'HelmRepository',
  helm: 'HelmRepository',
  imagerepository: 'ImageRepository',
  imagerepositories: 'ImageRepository',
  imagepolicy: 'ImagePolicy',
  imagepolicies: 'ImagePolicy',
  imageupdateautomation: 'ImageUpdateAutomation',
  imageupdateautomations: 'ImageUpdateAutomation',
  kustomization: 'Kustomization',
  kustomizations: 'Kustomization',
  ks: 'Kustomization',
  helmrelease: 'HelmRelease',
  helmreleases: 'HelmRelease',
  hr: 'HelmRelease',
  // flux calls a Provider `alert-provider` (flux get alert-providers).
  provider: 'Provider',
  providers: 'Provider',
  'alert-provider': 'Provider',
  'alert-providers': 'Provider',
  alert: 'Alert',
  alerts: 'Alert',
  receiver: 'Receiver',
  receivers: 'Receiver',
};
const KINDS_HELP =
  'GitRepository (git), OCIRepository (oci), HelmRepository (helm), ImageRepository, ImagePolicy, ImageUpdateAutomation, Kustomization (ks), HelmRelease (hr), Provider (alert-provider), Alert or Receiver';

interface ImportResult {
  applied: boolean;
  objects: { kind: string; namespace: string; name: string; action: string; placement: { clusterSelector: string | null; clusterNames: string[] } | null; notes: string[] }[];
  problems: { document: number; line: number; message: string }[];
}

export function exportCommand(io: CliIo): Command {
  const cmd = new Command('export')
    .description(
      'print hub objects as Flux YAML that flux and kubectl accept, sources first; a Kustomization or HelmRelease carries its placement in placement.flotilla.dev/cluster-selector and placement.flotilla.dev/clusters annotations, a HelmRelease its values overlays in helm.flotilla.dev/values-overlays, an ImageUpdateAutomation its proposal settings in image-automation.flotilla.dev/* annotations, an Alert its clusters and mode in alert.flotilla.dev/* annotations; credentials stay in the hub (a Provider or Receiver names its Secret, never its value)',
    )
    .argument('[kind]', `${KINDS_HELP}; none: every kind`)
    .argument('[name]', 'one object of that kind')
    .option('-n, --namespace <namespace>', 'only this namespace (with a name: its namespace)', DEFAULT_NAMESPACE)
    .option('--all', 'every object of the kind')
    .action(async (kindWord: string | undefined, name: string | undefined, o: { namespace: string; all?: boolean }) => {
      const kind = kindWord === undefined ? null : KIND_WORDS[kindWord.toLowerCase()];
      if (kind === undefined) throw new CliError(EXIT.usage, `unknown kind "${kindWord}": export takes ${KINDS_HELP}`);
      if (kind !== null && name === undefined && !o.all) throw new CliError(EXIT.usage, `give the name of the ${kind} or --all`);
      if (name !== undefined && o.all) throw new CliError(EXIT.usage, 'give a name or --all, not both');
      const namespace = name !== undefined || cmd.getOptionValueSource('namespace') === 'cli' ? o.namespace : null;
      const hub = await connect();
      const { exportFluxYaml } = await hub.request<{ exportFluxYaml: string }>(
        'query($kind: String, $namespace: String, $name: String) { exportFluxYaml(kind: $kind, namespace: $namespace, name: $name) }',
        { kind, namespace, name: name ?? null },
      );
      io.stdout.write(exportFluxYaml);
    });
  return cmd;
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') {
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      throw new CliError(EXIT.usage, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export function importCommand(io: CliIo): Command {
  return new Command('import')
    .description('create or update hub objects from Flux YAML (GitRepository, OCIRepository, HelmRepository, ImageRepository, ImagePolicy, ImageUpdateAutomation, Kustomization, HelmRelease, Provider, Alert, Receiver); with any problem nothing is written')
    .requiredOption('-f, --file <file>', 'the YAML file, or - for stdin')
    .option('--dry-run', 'check and print what would be created or updated, write nothing')
    .action(async (o: { file: string; dryRun?: boolean }) => {
      const text = await readInput(o.file);
      const hub = await connect();
      const { importFluxYaml: r } = await hub.request<{ importFluxYaml: ImportResult }>(
        'mutation($yaml: String!, $dryRun: Boolean) { importFluxYaml(yaml: $yaml, dryRun: $dryRun) { applied objects { kind namespace name action placement { clusterSelector clusterNames } notes } problems { document line message } } }',
        { yaml: text, dryRun: !!o.dryRun },
      );
      const where = o.file === '-' ? 'stdin' : o.file;
      for (const p of r.problems) io.stderr.write(`✗ ${where}:${p.line} (document ${p.document}): ${p.message}\n`);
      if (r.problems.length > 0) throw new CliError(EXIT.failed, `${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}; nothing was imported`);
      for (const obj of r.objects) {
        const placed = obj.placement ? ` (placement: ${placementText(obj.placement)})` : '';
        const verb = r.applied ? (obj.action === 'create' ? 'created' : 'updated') : `would be ${obj.action === 'create' ? 'created' : 'updated'}`;
        io.stderr.write(`${r.applied ? '✔' : '►'} ${obj.kind} ${obj.namespace}/${obj.name} ${verb}${placed}\n`);
        // What the hub does differently from Flux (a Secret it does not read) follows the object it is about.
        for (const note of obj.notes) io.stderr.write(`  ⚠ ${note}\n`);
      }
    });
}
