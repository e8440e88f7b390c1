import type { CliIo } from './command.js';

const io: CliIo = { stdout: process.stdout, stderr: process.stderr };
const argv = process.argv.slice(2);

/**
 * `flotilla build <dir>` runs as a short process many times over (scripts, editors, CI), so it goes straight to
 * the directory build: the command tree (commander and every command's module) is loaded only for the rest.
 * The words that name `build`'s subcommands, help and flags take the full program, which parses them the same.
 */
const directoryBuild = argv.length === 2 && argv[0] === 'build' && !/^-|^(kustomization|ks|help)$/.test(argv[1] ?? '-');

const run = directoryBuild
  ? import('./commands/build.js').then(({ buildCommand }) => buildCommand.run(argv.slice(1), io))
  : import('./program.js').then(({ runCli }) => runCli(argv, io));
run.then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    io.stderr.write(`flotilla: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
