import type { Command } from 'commander';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { readStdin } from '../../hub/read-stdin.js';
import { readFlagFile } from './git-credential-flags.js';

// The secret of `create alert-provider`. Flux reads a Provider's token (and an address holding a key, such as
// a Slack webhook URL) from the Secret `--secret-ref` names; the hub holds that secret itself, encrypted, and
// never returns it, so the CLI takes the values and `--secret-ref` is refused with a message saying so. The
// token is best read from a file or stdin, which keeps it out of the shell's history.

export interface ProviderSecretFlags {
  token?: string;
  tokenFile?: string;
  tokenStdin?: boolean;
  secretAddressFile?: string;
  secretRef?: string;
}

/** The hub's NotificationSecretInput: what Flux's Secret of a Provider holds under `token` and `address`. */
export interface ProviderSecretInput {
  token?: string;
  address?: string;
}

export function providerSecretFlags(cmd: Command): Command {
  return cmd
    .option('--token <token>', 'the API token, bot token or HMAC key, stored encrypted at the hub (prefer --token-file or --token-stdin)')
    .option('--token-file <file>', 'read the token from a file')
    .option('--token-stdin', 'read the token from stdin, which keeps it out of the shell history')
    .option('--secret-address-file <file>', 'read an address that holds a key (a webhook URL) from a file; stored encrypted, it replaces --address when sending')
    .option('--secret-ref <name>', 'not supported: the hub stores the secret itself, encrypted');
}

async function oneLine(flag: string, text: string): Promise<string> {
  const value = text.trim();
  if (!value) throw new CliError(EXIT.usage, `${flag}: empty`);
  return value;
}

/**
 * The secret input from the flags; null when none was given (an update then keeps the stored secret; one given
 * replaces it whole, as the hub's `secret` does).
 */
export async function providerSecretInput(o: ProviderSecretFlags): Promise<ProviderSecretInput | null> {
  if (o.secretRef !== undefined) {
    throw new CliError(EXIT.usage, '--secret-ref: the hub has no Secrets to refer to; give --token-stdin (or --token-file) and --secret-address-file, and the hub stores them encrypted');
  }
  const tokenSources = [o.token !== undefined, o.tokenFile !== undefined, Boolean(o.tokenStdin)].filter(Boolean).length;
  if (tokenSources > 1) throw new CliError(EXIT.usage, 'give one of --token, --token-file and --token-stdin');
  const token =
    o.token !== undefined
      ? await oneLine('--token', o.token)
      : o.tokenFile !== undefined
        ? await oneLine(`--token-file ${o.tokenFile}`, await readFlagFile('--token-file', o.tokenFile))
        : o.tokenStdin
          ? await oneLine('--token-stdin: stdin', await readStdin())
          : undefined;
  const address = o.secretAddressFile !== undefined ? await oneLine(`--secret-address-file ${o.secretAddressFile}`, await readFlagFile('--secret-address-file', o.secretAddressFile)) : undefined;
  const input: ProviderSecretInput = { ...(token !== undefined ? { token } : {}), ...(address !== undefined ? { address } : {}) };
  return Object.keys(input).length > 0 ? input : null;
}
