import type { CliCommand } from '../command.js';

// Each entry loads its command lazily, so `flotilla build` never pays for the agent's Kubernetes client.
export const commandLoaders: Record<string, () => Promise<CliCommand>> = {
  build: async () => (await import('./build.js')).buildCommand,
  agent: async () => (await import('./agent.js')).agentCommand,
  push: async () => (await import('./push-artifact.js')).pushArtifactCommand,
  pull: async () => (await import('./pull-artifact.js')).pullArtifactCommand,
  testenv: async () => (await import('./testenv.js')).testenvCommand,
};
