import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { normalizeHubUrl, removeLogin, storeLogin } from '../../hub/config-store.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { HubClient } from '../../hub/hub-client.js';
import { readStdin } from '../../hub/read-stdin.js';

export function loginCommand(io: CliIo): Command {
  return new Command('login')
    .description('check an API token against a hub and keep both in the config directory (file mode 0600)')
    .requiredOption('--hub <url>', 'the hub URL, e.g. https://flotilla.example.com')
    .option('--token <token>', 'the API token (default: read from stdin, which keeps it out of the shell history)')
    .action(async (o: { hub: string; token?: string }) => {
      const hubUrl = normalizeHubUrl(o.hub);
      const token = o.token ?? (await readStdin(process.stdin));
      if (!token) throw new CliError(EXIT.usage, 'no token: give --token or pipe it on stdin');
      // The token is checked before it is stored, so a typo is never saved.
      const { viewer } = await new HubClient({ hub: hubUrl, token }).request<{ viewer: { username: string; role: string | null } }>('{ viewer { username role } }');
      const file = await storeLogin({ hub: hubUrl, token });
      io.stderr.write(`✔ logged in to ${hubUrl} as ${viewer.username}${viewer.role ? ` (${viewer.role.toLowerCase()})` : ''}; saved in ${file}\n`);
    });
}

export function logoutCommand(io: CliIo): Command {
  return new Command('logout').description('forget the stored hub login (the token stays valid at the hub until revoked)').action(async () => {
    io.stderr.write((await removeLogin()) ? '✔ logged out\n' : 'not logged in\n');
  });
}
