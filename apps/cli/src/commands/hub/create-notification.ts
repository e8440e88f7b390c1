import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { findObjectId, hubKind, lookupObjectId } from '../../hub/hub-kinds.js';
import { connect, namespaceOption, type NamespaceOptions } from './options.js';
import { providerSecretFlags, providerSecretInput, type ProviderSecretFlags } from './provider-secret-flags.js';
import { upsert } from './upsert.js';

// `create alert-provider` and `create alert` with flux's flags. A Provider's secret (token, an address holding
// a key) is stored by the hub, encrypted: see provider-secret-flags.ts.

interface ProviderFlags extends NamespaceOptions, ProviderSecretFlags {
  type: string;
  channel?: string;
  address?: string;
  username?: string;
}

interface AlertFlags extends NamespaceOptions {
  providerRef: string;
  eventSource: string[];
  eventSeverity: string;
}

const PROVIDER_UPSERT = {
  create: 'mutation($input: NotificationProviderInput!) { createNotificationProvider(input: $input) { id } }',
  update: 'mutation($id: ID!, $input: NotificationProviderInput!) { updateNotificationProvider(id: $id, input: $input) { id } }',
};
const ALERT_UPSERT = {
  create: 'mutation($input: AlertInput!) { createAlert(input: $input) { id } }',
  update: 'mutation($id: ID!, $input: AlertInput!) { updateAlert(id: $id, input: $input) { id } }',
};

/** flux's `--event-source <Kind>/<name>` (name `*` for all of that kind), repeatable or comma-separated. */
export function parseEventSources(values: readonly string[]): { kind: string; name: string }[] {
  return values
    .flatMap((v) => v.split(','))
    .filter(Boolean)
    .map((raw) => {
      const [kind, name, ...rest] = raw.split('/');
      if (!kind || !name || rest.length > 0) throw new CliError(EXIT.usage, `--event-source: "${raw}" is not <Kind>/<name>`);
      return { kind, name };
    });
}

export function createNotificationCommands(io: CliIo): Command[] {
  const provider = providerSecretFlags(
    namespaceOption(new Command('alert-provider').description('create or update a notification Provider').argument('<name>'))
      .requiredOption('--type <type>', 'the provider type: slack, msteams, discord, generic, github, …')
      .option('--channel <channel>', 'the channel to post to')
      .option('--address <url>', 'the webhook or API address (for commit statuses: the repository URL)')
      .option('--username <name>', 'the name to post as'),
  )
    .action(async (name: string, o: ProviderFlags) => {
      // Read (and refused) before anything is sent.
      const secret = await providerSecretInput(o);
      const hub = await connect();
      const existing = await lookupObjectId(hub, hubKind('Provider'), o.namespace, name);
      const input = {
        name,
        namespace: o.namespace,
        type: o.type,
        ...(o.channel ? { channel: o.channel } : {}),
        ...(o.address ? { address: o.address } : {}),
        ...(o.username ? { username: o.username } : {}),
        ...(secret ? { secret } : {}),
      };
      await upsert(io, hub, 'Provider', existing, PROVIDER_UPSERT, input);
    });
  const alert = namespaceOption(new Command('alert').description('create or update an Alert').argument('<name>'))
    .requiredOption('--provider-ref <name>', 'the Provider it sends through (same namespace)')
    .requiredOption('--event-source <Kind/name...>', 'the objects whose events it sends: Kind/name, name * for all')
    .option('--event-severity <severity>', 'info (every event) or error', 'info')
    .action(async (name: string, o: AlertFlags) => {
      const eventSources = parseEventSources(o.eventSource);
      const hub = await connect();
      const providerId = await findObjectId(hub, hubKind('Provider'), o.namespace, o.providerRef);
      const existing = await lookupObjectId(hub, hubKind('Alert'), o.namespace, name);
      const input = { name, namespace: o.namespace, providerId, eventSources, eventSeverity: o.eventSeverity };
      await upsert(io, hub, 'Alert', existing, ALERT_UPSERT, input);
    });
  return [provider, alert];
}
