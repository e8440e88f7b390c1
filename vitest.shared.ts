import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

// One place for the settings every package's test project shares. Integration tests start real
// processes (Postgres, kube-apiserver, git, registry), so their timeouts are generous.
export function nodeProject(name: string, extra: UserWorkspaceConfig = {}): UserWorkspaceConfig {
  return defineProject({
    ...extra,
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 120_000,
      hookTimeout: 240_000,
      ...extra.test,
    },
  });
}
