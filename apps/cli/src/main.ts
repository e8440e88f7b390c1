import { commandLoaders } from './commands/index.js';
import type { CliIo } from './command.js';

async function help(io: CliIo): Promise<void> {
  io.stdout.write('usage: flotilla <command> [args...]   (in a checkout: pnpm --silent flotilla <command>)\n\ncommands:\n');
  for (const [name, load] of Object.entries(commandLoaders)) {
    const cmd = await load();
    io.stdout.write(`  ${name.padEnd(10)} ${cmd.summary}\n`);
  }
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await help(io);
    return name ? 0 : 2;
  }
  const load = commandLoaders[name];
  if (!load) {
    io.stderr.write(`flotilla: unknown command "${name}"; run "flotilla help"\n`);
    return 2;
  }
  return (await load()).run(args, io);
}

const io: CliIo = { stdout: process.stdout, stderr: process.stderr };
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    io.stderr.write(`flotilla: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
