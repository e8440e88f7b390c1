import { allBinaries, ensureBinaries } from './binaries.js';
import { TestenvError } from './process/errors.js';
import { sharedPostgresEnv, startPostgresServer, type TestPostgres } from './postgres/server.js';

// Runs once per `vitest run`: builds the test binaries that are missing (once per machine, cached) so no
// test file pays for it inside its own timeout, and starts one Postgres server that every test file
// shares, each with a database of its own.
export default async function setup(): Promise<() => Promise<void>> {
  try {
    await ensureBinaries(allBinaries);
  } catch (err) {
    // Unit tests can still run; the tests that need a binary fail with the same message.
    if (err instanceof TestenvError) process.stderr.write(`[testenv] ${err.message}\n`);
    else throw err;
  }
  let postgres: TestPostgres | undefined;
  if (!process.env[sharedPostgresEnv]) {
    postgres = await startPostgresServer();
    process.env[sharedPostgresEnv] = postgres.url;
  }
  return async () => {
    await postgres?.stop();
  };
}
