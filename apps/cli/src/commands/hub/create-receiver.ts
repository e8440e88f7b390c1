import { Command } from 'commander';
import { emitYaml } from '@flotilla/reconcile-core/yaml';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { hubKind, lookupObjectId } from '../../hub/hub-kinds.js';
import { connect, namespaceOption, type NamespaceOptions } from './options.js';

// `create receiver` with flux's flags. Flux's Receiver reads its token from the Secret `--secret-ref` names;
// the hub makes the token itself when it creates the Receiver and shows it once, so `--secret-ref` only
// names the Secret in the Flux YAML `--export` prints.

interface ReceiverFlags extends NamespaceOptions {
  type: string;
  event: string[];
  resource: string[];
  secretRef?: string;
  export?: boolean;
}

interface ReceiverWithToken {
  receiver: { id: string; webhookPath: string };
  token: string;
}

/** flux's `--resource <Kind>/<name>` (utils.ParseObjectKindName), repeatable or comma-separated. */
export function parseReceiverResources(values: readonly string[]): { kind: string; name: string }[] {
  const resources = values
    .flatMap((v) => v.split(','))
    .filter(Boolean)
    .map((raw) => {
      const [kind, name, ...rest] = raw.split('/');
      if (!kind || !name || rest.length > 0) throw new CliError(EXIT.usage, `invalid resource '${raw}', must be in format <kind>/<name>`);
      return { kind, name };
    });
  if (resources.length === 0) throw new CliError(EXIT.usage, 'at least one --resource is required');
  return resources;
}

/** The Receiver as `flux create receiver --export` prints it: `---`, then sigs.k8s.io/yaml's sorted keys. */
export function receiverExportYaml(name: string, namespace: string, o: { type: string; events: string[]; resources: { kind: string; name: string }[]; secretRef: string }): string {
  const spec = {
    type: o.type,
    ...(o.events.length > 0 ? { events: o.events } : {}),
    resources: o.resources,
    secretRef: { name: o.secretRef },
  };
  return `---\n${emitYaml({ apiVersion: 'notification.toolkit.fluxcd.io/v1', kind: 'Receiver', metadata: { name, namespace }, spec })}`;
}

export function createReceiverCommand(io: CliIo): Command {
  return namespaceOption(new Command('receiver').description('create or update a Receiver (a webhook that reconciles hub objects at once)').argument('<name>'))
    .requiredOption('--type <type>', 'generic, generic-hmac, github, gitlab, bitbucket, harbor, dockerhub, quay, nexus, acr, gcr, cdevents')
    .option('--event <event...>', 'the event types taken (github, gitlab, bitbucket, cdevents); none: all', [])
    .option('--resource <Kind/name...>', 'the hub objects it reconciles: GitRepository, Kustomization or ImageRepository, name * for all', [])
    .option('--secret-ref <name>', 'with --export: the Secret holding the token in the Flux YAML (the hub makes its own token)')
    .option('--export', 'print the Receiver as Flux YAML instead of creating it at the hub')
    .action(async (name: string, o: ReceiverFlags) => {
      const resources = parseReceiverResources(o.resource);
      const events = o.event.flatMap((e) => e.split(',')).filter(Boolean);
      if (o.export) {
        if (!o.secretRef) throw new CliError(EXIT.usage, '--export needs --secret-ref: Flux reads the token from that Secret');
        io.stdout.write(receiverExportYaml(name, o.namespace, { type: o.type, events, resources, secretRef: o.secretRef }));
        return;
      }
      if (o.secretRef) throw new CliError(EXIT.usage, '--secret-ref names a Secret for --export; the hub makes the Receiver\'s token itself and prints it once');
      const hub = await connect();
      const existing = await lookupObjectId(hub, hubKind('Receiver'), o.namespace, name);
      const input = { name, namespace: o.namespace, type: o.type, events, resources };
      io.stderr.write(`► ${existing ? 'updating' : 'creating'} Receiver ${o.namespace}/${name}\n`);
      if (existing) {
        const { updateReceiver } = await hub.request<{ updateReceiver: { webhookPath: string } }>(
          'mutation($id: ID!, $input: ReceiverInput!) { updateReceiver(id: $id, input: $input) { webhookPath } }',
          { id: existing, input },
        );
        io.stderr.write(`✔ Receiver updated\n✔ generated webhook URL ${updateReceiver.webhookPath}\n`);
        return;
      }
      const { createReceiver } = await hub.request<{ createReceiver: ReceiverWithToken }>(
        'mutation($input: ReceiverInput!) { createReceiver(input: $input) { receiver { id webhookPath } token } }',
        { input },
      );
      // The token is the sender's webhook secret and is not shown again: stdout only, so it can go straight to a file.
      io.stdout.write(`${createReceiver.token}\n`);
      io.stderr.write(`✔ Receiver created\n✔ generated webhook URL ${createReceiver.receiver.webhookPath}\n✔ its token (the webhook secret, shown once) is on stdout\n`);
    });
}
