-- Several hub replicas on one database.

-- socket.io's Postgres adapter sends what does not fit a NOTIFY (8000 bytes) through this table, and each
-- replica deletes rows older than its cleanup interval. The adapter expects exactly these columns.
CREATE TABLE "socket_io_attachments" (
  "id" BIGSERIAL UNIQUE,
  "created_at" TIMESTAMPTZ DEFAULT NOW(),
  "payload" BYTEA
);

-- Named leases for background work that has no row of its own to claim (a retention sweep, an artifact
-- collection, one image update automation run): the replica whose insert or takeover succeeds does it.
CREATE TABLE "job_leases" (
  "name" TEXT NOT NULL PRIMARY KEY,
  "holder" TEXT NOT NULL,
  "expires_at" TIMESTAMPTZ NOT NULL
);
