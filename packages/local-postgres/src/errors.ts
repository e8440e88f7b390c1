// Why a local Postgres could not be prepared. Each message names what to do about it, because it is what
// `pnpm start` prints as its one line.
export type LocalPostgresErrorCode =
  // No PostgreSQL build for this platform, or its package is not installed.
  | 'NO_BUILD'
  // Running as root and there is no unprivileged user to run Postgres as (initdb and postgres refuse root).
  | 'NO_USER'
  // The directory Postgres should keep its data in cannot be created or written.
  | 'NOT_WRITABLE'
  // Existing data that the Postgres user cannot reach and we must not move.
  | 'UNREACHABLE'
  | 'INITDB_FAILED'
  // The server exited or did not become ready; `logTail` holds the end of its log.
  | 'SERVER_FAILED'
  // A server we did not start holds the data directory and we may not stop it.
  | 'HELD_BY_OTHER';

export class LocalPostgresError extends Error {
  override name = 'LocalPostgresError';
  constructor(
    readonly code: LocalPostgresErrorCode,
    message: string,
    readonly logTail?: string,
  ) {
    super(message);
  }
}
