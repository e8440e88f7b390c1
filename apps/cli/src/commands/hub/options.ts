import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseFluxDuration } from '@flotilla/reconcile-core/duration';
import { resolveLogin } from '../../hub/config-store.js';
import { HubClient } from '../../hub/hub-client.js';
import { DEFAULT_NAMESPACE } from '../../hub/hub-objects.js';
import type { OutputFormat } from '../../hub/table.js';

/** A `--timeout`-like flag: a Go duration as flux takes it (`30s`, `5m`, `1h`), in milliseconds. */
export function durationArg(text: string): number {
  const parsed = parseFluxDuration(text);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.errors[0]!.message);
  return parsed.value;
}

export interface NamespaceOptions {
  namespace: string;
}

export function namespaceOption(cmd: Command): Command {
  return cmd.option('-n, --namespace <namespace>', 'the namespace of the hub object', DEFAULT_NAMESPACE);
}

export function outputOption(cmd: Command): Command {
  return cmd.addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'yaml', 'json']).default('table'));
}

export type OutputOptions = { output: OutputFormat };

export function timeoutOption(cmd: Command, what: string): Command {
  return cmd.option('--timeout <duration>', `how long to wait for ${what}`, durationArg, durationArg('5m'));
}

/** The hub client from the stored login or FLOTILLA_HUB/FLOTILLA_TOKEN; without one the command stops here. */
export async function connect(): Promise<HubClient> {
  return new HubClient(await resolveLogin());
}
