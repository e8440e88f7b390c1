// Generates the Prisma client into prisma/generated on `pnpm install` (postinstall) and on demand.
// Prisma's CLI insists that a native schema engine exists even for `generate`, which never runs it, and it
// cannot be downloaded offline; any existing file satisfies the check, so point it at the node binary
// (present on every OS, unlike /bin/true). Migrations never use the CLI: see src/migrate.ts.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', 'schema.prisma'], {
  cwd: path.resolve(import.meta.dirname, '..'),
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
