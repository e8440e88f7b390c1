export { LocalPostgresError, type LocalPostgresErrorCode } from './errors.js';
export { postgresBinaries, type PostgresBinaries } from './binaries.js';
export {
  preparePostgresRuntime,
  postgresUser,
  userCan,
  defaultStateDir,
  type PostgresRuntime,
  type PostgresUser,
} from './runtime.js';
export { prepareClusterDir } from './cluster-dir.js';
export { initCluster, isInitialised, type InitClusterOptions } from './init.js';
export { stopLeftoverServer, isAlive } from './leftover.js';
export { startServer, type RunningServer, type StartServerOptions } from './server.js';
export { freePort, isAddressInUse } from './ports.js';
