import { nodeProject } from '../../vitest.shared.js';

// The scenarios run one after another on two shared clusters, so the file has a long timeout.
export default nodeProject('flux-oracle', { test: { testTimeout: 300_000, hookTimeout: 600_000 } });
