import swc from 'unplugin-swc';
import { nodeProject } from '../../vitest.shared.js';

// NestJS reads constructor parameter types from `emitDecoratorMetadata`, which Vite's default transform does
// not emit; SWC does (it reads experimentalDecorators/emitDecoratorMetadata from tsconfig.json).
export default nodeProject('hub-api', {
  oxc: false,
  plugins: [swc.vite({ tsconfigFile: 'tsconfig.json', module: { type: 'es6' } })],
  test: { fileParallelism: false },
});
