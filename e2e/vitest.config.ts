import { nodeProject } from '../vitest.shared.js';

// Whole-system browser tests run real control planes, agents, a hub and Chromium beside the rest of the
// suite on two cores; a step that passes in 3.5 s alone has once exceeded its budget there. One retry keeps
// CI honest about real breakage (a deterministic failure fails twice) without flaking on load. For the same
// reason `expect.poll` waits up to 15 s (vitest's default is 1 s): a page re-rendering after a filter change
// can take longer than a second on a loaded machine. Under CI the retries are the shared two.
export default nodeProject('e2e', { test: { include: ['**/*.test.ts'], retry: process.env.CI ? 2 : 1, expect: { poll: { timeout: 15_000 } } } });
