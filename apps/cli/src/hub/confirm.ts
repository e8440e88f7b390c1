import { createInterface } from 'node:readline/promises';
import type { CliIo } from '../command.js';
import { CliError, EXIT } from './exit-codes.js';

/**
 * Asks a yes/no question on the terminal, as flux's prompts do (default no). Without a terminal to ask on it
 * refuses with `noTerminal` (a usage error naming the flag that skips the question).
 */
export async function confirmed(io: CliIo, question: string, noTerminal: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new CliError(EXIT.usage, noTerminal);
  const rl = createInterface({ input: process.stdin, output: io.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
