import { defineConfig } from 'vitest/config';
import { FlakyTestReporter } from './packages/testenv/src/flaky-test-reporter.js';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'prisma', 'e2e', 'bench', 'deploy'],
    // The machines have two cores; real control planes are heavy, so run two files at a time.
    maxWorkers: 2,
    reporters: ['default', new FlakyTestReporter()],
    globalSetup: ['packages/testenv/src/global-setup.ts'],
  },
});
