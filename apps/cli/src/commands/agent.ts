import type { CliCommand } from '../command.js';

export const agentCommand: CliCommand = {
  name: 'agent',
  usage: 'flotilla agent --hub URL [--token TOKEN] [--kubeconfig FILE] [--help]',
  async run(args, io) {
    const { runAgentCli } = await import('@flotilla/spoke-agent');
    const code = await runAgentCli(args, io);
    // Safety net: if a library left a handle open, leave anyway once the agent is done (unref: never delays a clean exit).
    setTimeout(() => process.exit(code), 3000).unref();
    return code;
  },
};
