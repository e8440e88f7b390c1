import { nodeProject } from '../vitest.shared.js';

export default nodeProject('deploy', { test: { include: ['charts/**/*.test.ts', 'runtime/**/*.test.ts'] } });
