export { startCluster, type TestCluster, type StartClusterOptions } from './kube/cluster.js';
export { startPostgres, startPostgresServer, type TestPostgres, type CreateDatabaseOptions } from './postgres/server.js';
export { binaryPath, ensureBinaries, toolVersions, type BinaryName } from './binaries.js';
export { TestenvError } from './process/errors.js';
export { waitFor, type WaitOptions } from './process/wait.js';
export { freePort } from './process/ports.js';
export { makeTempDir, removeDir } from './process/temp-dir.js';
export { ManagedProcess, type StartProcessOptions } from './process/managed-process.js';
export { artifactsDir, repoRoot } from './paths.js';
