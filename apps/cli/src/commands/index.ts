import type { CliCommand } from '../command.js';

// Each entry loads its command lazily, so `flotilla push` never pays for the agent's Kubernetes client; the
// summary is here so `flotilla --help` loads none of them.
export const rawCommands: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  agent: {
    summary: 'connect this cluster to a hub (register with a token, then stream heartbeats)',
    load: async () => (await import('./agent.js')).agentCommand,
  },
  push: {
    summary: 'push a directory as a Flux OCI artifact (like `flux push artifact`)',
    load: async () => (await import('./push-artifact.js')).pushArtifactCommand,
  },
  pull: {
    summary: 'pull a Flux OCI artifact into a directory (like `flux pull artifact`)',
    load: async () => (await import('./pull-artifact.js')).pullArtifactCommand,
  },
  testenv: {
    summary: 'start the test environment (Kubernetes, git, registry, Postgres) for manual use',
    load: async () => (await import('./testenv.js')).testenvCommand,
  },
};
