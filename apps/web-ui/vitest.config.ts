import { defineProject } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Component tests run in happy-dom; no real network: fetch is stubbed per test where a test needs a server.
export default defineProject({
  plugins: [react()],
  test: {
    name: 'web-ui',
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    setupFiles: ['./test/setup.ts'],
    testTimeout: 20_000,
  },
});
