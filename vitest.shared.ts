import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

// One place for the settings every package's test project shares. Integration tests start real
// processes (Postgres, kube-apiserver, git, registry), so their timeouts are generous, and under CI a failed
// test runs again up to twice: on two cores shared with control planes a wait can overrun its budget. A
// deterministic failure fails three times; a test that passes only on a retry is listed at the end of the run
// by the flaky-test reporter. Run locally (no CI variable), nothing is retried, so a flake fails where it
// is being worked on.
export function nodeProject(name: string, extra: UserWorkspaceConfig = {}): UserWorkspaceConfig {
  return defineProject({
    ...extra,
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 120_000,
      hookTimeout: 240_000,
      retry: process.env.CI ? 2 : 0,
      ...extra.test,
    },
  });
}
