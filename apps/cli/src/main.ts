import type { CliIo } from './command.js';
import { runCli } from './program.js';

const io: CliIo = { stdout: process.stdout, stderr: process.stderr };
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    io.stderr.write(`flotilla: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
