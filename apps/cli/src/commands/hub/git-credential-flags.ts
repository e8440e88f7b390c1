import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { readStdin } from '../../hub/read-stdin.js';

// Credentials of `create source git`, with flux's flags. Flux writes them into a Secret its GitRepository's
// secretRef names (`--ca-file` as its `ca.crt` key); the hub stores them encrypted with the GitRepository (as
// the web form does) and never returns them. The hub has no Secrets to point at, so `--secret-ref` is refused
// with a message saying so rather than silently ignored.

export interface GitCredentialFlags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  bearerToken?: string;
  privateKeyFile?: string;
  knownHostsFile?: string;
  secretRef?: string;
  caFile?: string;
}

export interface GitCredentialsInput {
  username?: string;
  password?: string;
  bearerToken?: string;
  identity?: string;
  knownHosts?: string;
  caCert?: string;
}

export function gitCredentialFlags(cmd: Command): Command {
  return cmd
    .option('-u, --username <name>', 'basic authentication username')
    .option('-p, --password <password>', 'basic authentication password, or the passphrase of --private-key-file (prefer --password-stdin)')
    .option('--password-stdin', 'read the password from stdin, which keeps it out of the shell history')
    .option('--bearer-token <token>', 'an HTTP bearer token in place of username and password')
    .option('--private-key-file <file>', 'an ssh private key (for ssh:// addresses), with --known-hosts-file')
    .option('--known-hosts-file <file>', 'known_hosts lines of the ssh server (ssh-keyscan prints them)')
    .option('--secret-ref <name>', 'not supported: the hub stores the credentials itself, encrypted')
    .option('--ca-file <file>', 'CA certificates (PEM) an https git server\'s certificate is checked against, beside the system CAs');
}

export async function readFlagFile(flag: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(EXIT.usage, `${flag} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** The credentials input from the flags; null when none was given (an update then keeps the stored ones). */
export async function gitCredentialsInput(o: GitCredentialFlags): Promise<GitCredentialsInput | null> {
  if (o.secretRef !== undefined) throw new CliError(EXIT.usage, '--secret-ref: the hub has no Secrets to refer to; give --username with --password-stdin (or --bearer-token, or --private-key-file) and the hub stores them encrypted');
  if (o.password !== undefined && o.passwordStdin) throw new CliError(EXIT.usage, 'give --password or --password-stdin, not both');
  const password = o.passwordStdin ? await readStdin() : o.password;
  if (o.passwordStdin && !password) throw new CliError(EXIT.usage, '--password-stdin: stdin was empty');
  const input: GitCredentialsInput = {
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(o.bearerToken !== undefined ? { bearerToken: o.bearerToken } : {}),
    ...(o.privateKeyFile !== undefined ? { identity: await readFlagFile('--private-key-file', o.privateKeyFile) } : {}),
    ...(o.knownHostsFile !== undefined ? { knownHosts: await readFlagFile('--known-hosts-file', o.knownHostsFile) } : {}),
    ...(o.caFile !== undefined ? { caCert: await readFlagFile('--ca-file', o.caFile) } : {}),
  };
  return Object.keys(input).length > 0 ? input : null;
}
