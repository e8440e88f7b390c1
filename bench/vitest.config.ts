import { nodeProject } from '../vitest.shared.js';

export default nodeProject('bench', { test: { include: ['**/*.test.ts'] } });
