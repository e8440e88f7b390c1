import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { resolveLogin } from '../../hub/config-store.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { CLI_VERSION } from '../../version.js';

/** As `flux version`: the client's version, then the hub's (unless --client). */
export function versionCommand(io: CliIo): Command {
  return new Command('version')
    .description("print the CLI's version and the logged-in hub's")
    .option('--client', "print only the CLI's version (no hub needed)")
    .action(async (o: { client?: boolean }) => {
      io.stdout.write(`flotilla: v${CLI_VERSION}\n`);
      if (o.client) return;
      const { hub } = await resolveLogin();
      let body: { version?: unknown };
      try {
        body = (await (await fetch(`${hub}/healthz`, { signal: AbortSignal.timeout(30_000) })).json()) as { version?: unknown };
      } catch (err) {
        throw new CliError(EXIT.unreachable, `cannot reach the hub at ${hub}: ${err instanceof Error ? err.message : String(err)}`);
      }
      io.stdout.write(`hub: v${typeof body.version === 'string' ? body.version : 'unknown'}\n`);
    });
}
