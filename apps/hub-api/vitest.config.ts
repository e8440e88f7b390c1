import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { nodeProject } from '../../vitest.shared.js';

const require = createRequire(import.meta.url);

// NestJS reads constructor parameter types from `emitDecoratorMetadata`, which Vite's default transform does
// not emit; SWC does (it reads experimentalDecorators/emitDecoratorMetadata from tsconfig.json).
export default nodeProject('hub-api', {
  oxc: false,
  plugins: [swc.vite({ tsconfigFile: 'tsconfig.json', module: { type: 'es6' } })],
  resolve: {
    // graphql 16 ships index.mjs ("module") and index.js ("main"); Vite picks the first, Node and Nest the
    // second, and graphql refuses types from "another realm". Use the one Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: { fileParallelism: false },
});
