// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

// reconcile-core is pure: the agent, the hub and the browser all run it, so it may not reach for I/O.
const ioModules = [
  'fs', 'fs/promises', 'net', 'tls', 'http', 'https', 'http2', 'dgram', 'dns', 'child_process', 'worker_threads', 'cluster',
  'os', 'readline', 'vm',
].flatMap((m) => [m, `node:${m}`]);
const ioPackages = ['@kubernetes/client-node', 'isomorphic-git', 'pg', '@prisma/client', 'socket.io', 'socket.io-client', 'undici', 'node-fetch'];

// web-ui features may not import each other: shared code goes in src/components, src/lib or src/realtime.
const featuresDir = 'apps/web-ui/src/features';
const features = fs.existsSync(featuresDir)
  ? fs.readdirSync(featuresDir).filter((d) => fs.statSync(path.join(featuresDir, d)).isDirectory())
  : [];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', 'test-artifacts/**', '**/testdata/**', '**/*.gen.ts', '**/generated/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-default-export': 'off',
    },
  },
  {
    // NestJS injects by the constructor parameter types that emitDecoratorMetadata writes: those imports are
    // values at runtime. With these options consistent-type-imports knows that and leaves them alone.
    files: ['apps/hub-api/**/*.ts'],
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
  },
  {
    files: ['packages/reconcile-core/src/**/*.ts'],
    ignores: ['packages/reconcile-core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...ioModules, ...ioPackages].map((name) => ({
            name,
            message: 'reconcile-core is pure: pass data in and return plans; I/O belongs to the agent or the hub.',
          })),
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'reconcile-core takes the time as an argument.' },
        { object: 'process', property: 'env', message: 'reconcile-core takes configuration as arguments.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'reconcile-core takes the time as an argument.' },
      ],
    },
  },
  {
    files: ['apps/web-ui/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: features.length === 0 ? {} : {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: features.map((feature) => ({
            target: `./${featuresDir}/${feature}`,
            from: `./${featuresDir}`,
            except: [`./${feature}`],
            message: 'web-ui features do not import each other; move shared code to src/components or src/lib.',
          })),
        },
      ],
    },
  },
);
