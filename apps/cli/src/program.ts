import { Command } from 'commander';
import type { CliCommand, CliIo } from './command.js';
import { rawCommands } from './commands/index.js';
import { bootstrapCommand } from './commands/bootstrap/bootstrap.js';
import { completionCommand } from './commands/hub/completion.js';
import { createCommand } from './commands/hub/create.js';
import { deleteCommand } from './commands/hub/delete.js';
import { eventsCommand } from './commands/hub/events.js';
import { exportCommand, importCommand } from './commands/hub/export-import.js';
import { getCommand } from './commands/hub/get.js';
import { loginCommand, logoutCommand } from './commands/hub/login.js';
import { reconcileCommand } from './commands/hub/reconcile.js';
import { traceCommand } from './commands/hub/trace.js';
import { treeCommand } from './commands/hub/tree.js';
import { resumeCommand, suspendCommand } from './commands/hub/suspend-resume.js';
import { versionCommand } from './commands/hub/version.js';
import { buildCommand } from './commands/hub/build-kustomization.js';
import { diffCommand } from './commands/hub/diff-kustomization.js';
import { CliError, EXIT, EXIT_CODES_HELP } from './hub/exit-codes.js';

/** A command with its own argument parsing: every word after its name is passed through untouched. */
function rawCommand(io: CliIo, name: string, summary: string, load: () => Promise<CliCommand>): Command {
  return new Command(name)
    .description(summary)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .argument('[args...]')
    .action(async (args: string[]) => {
      const cmd = await load();
      if ((args.includes('--help') || args.includes('-h')) && !cmd.usage.includes('--help')) {
        io.stdout.write(`${summary}\n\nusage: ${cmd.usage}\n`);
        return;
      }
      const code = await cmd.run(args, io);
      // The command printed its own message; only the code is left to pass on.
      if (code !== 0) throw new CliError(code, '');
    });
}

/** The `flotilla` program: one commander tree for every command. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('flotilla')
    .description('Flotilla: GitOps for fleets of Kubernetes clusters. Hub commands use `flux` verbs and flags.')
    .enablePositionalOptions();
  for (const make of [loginCommand, logoutCommand, getCommand, reconcileCommand, suspendCommand, resumeCommand, createCommand, deleteCommand, exportCommand, importCommand, eventsCommand, treeCommand, traceCommand, versionCommand, bootstrapCommand]) {
    program.addCommand(make(io));
  }
  program.addCommand(buildCommand(io));
  program.addCommand(diffCommand(io));
  program.addCommand(completionCommand(io, () => program));
  for (const [name, { summary, load }] of Object.entries(rawCommands)) program.addCommand(rawCommand(io, name, summary, load));
  const configure = (cmd: Command) => {
    // Commander writes usage errors itself and exits 1; here they exit 2 (nothing was sent) and land in io.
    cmd
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
      .showHelpAfterError('(run with --help for usage)');
    if (cmd.commands.length === 0 && !rawCommands[cmd.name()]) cmd.addHelpText('after', `\n${EXIT_CODES_HELP}`);
    cmd.commands.forEach(configure);
  };
  configure(program);
  program.addHelpText('after', `\n${EXIT_CODES_HELP}`);
  return program;
}

/** Runs the CLI on argv (without node and the script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CliError) {
      if (err.message) io.stderr.write(`✗ ${err.message}\n`);
      return err.exitCode;
    }
    const commander = err as { code?: string; exitCode?: number };
    if (typeof commander.code === 'string' && commander.code.startsWith('commander.')) {
      // --help and --version end with 0; a missing subcommand prints help and is a usage error, as is any bad flag.
      return commander.code === 'commander.helpDisplayed' || commander.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    throw err;
  }
}
