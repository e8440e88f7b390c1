import type { CliCommand } from '../command.js';

export const testenvCommand: CliCommand = {
  name: 'testenv',
  usage: 'flotilla testenv up [--clusters N]',
  async run(args, io) {
    const { runTestenvCli } = await import('@flotilla/testenv/cli');
    return runTestenvCli(args, io);
  },
};
