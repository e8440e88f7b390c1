-- Issue 3: users, sessions, API tokens, clusters, registration tokens, cluster credentials, audit log.
-- Hand-written to match schema.prisma; every token and secret column holds a hash.

CREATE TYPE "Role" AS ENUM ('VIEWER', 'OPERATOR', 'ADMIN');
CREATE TYPE "ClusterConnectionState" AS ENUM ('PENDING', 'CONNECTED', 'DISCONNECTED', 'REVOKED');

CREATE TABLE "users" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "username" TEXT NOT NULL,
  "password_hash" TEXT NOT NULL,
  "role" "Role" NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

CREATE TABLE "sessions" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "user_id" TEXT NOT NULL REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "token_hash" TEXT NOT NULL,
  "csrf_hash" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "ip" TEXT,
  "user_agent" TEXT
);
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

CREATE TABLE "api_tokens" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "user_id" TEXT NOT NULL REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "name" TEXT NOT NULL,
  "token_hash" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3),
  "last_used_at" TIMESTAMPTZ(3),
  "revoked_at" TIMESTAMPTZ(3)
);
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

CREATE TABLE "clusters" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "labels" JSONB NOT NULL DEFAULT '{}',
  "variables" JSONB NOT NULL DEFAULT '{}',
  "connection_state" "ClusterConnectionState" NOT NULL DEFAULT 'PENDING',
  "kubernetes_version" TEXT,
  "agent_version" TEXT,
  "node_count" INTEGER,
  "last_seen_at" TIMESTAMPTZ(3),
  "agent_connection_id" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "clusters_name_key" ON "clusters"("name");
CREATE INDEX "clusters_connection_state_last_seen_at_idx" ON "clusters"("connection_state", "last_seen_at");
-- Label selectors test containment and key existence on this column.
CREATE INDEX "clusters_labels_gin_idx" ON "clusters" USING GIN ("labels");

CREATE TABLE "registration_tokens" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "cluster_id" TEXT NOT NULL REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "token_hash" TEXT NOT NULL,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "used_at" TIMESTAMPTZ(3),
  "created_by_id" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "registration_tokens_token_hash_key" ON "registration_tokens"("token_hash");
CREATE INDEX "registration_tokens_cluster_id_idx" ON "registration_tokens"("cluster_id");

CREATE TABLE "cluster_credentials" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "cluster_id" TEXT NOT NULL REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "secret_hash" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "revoked_at" TIMESTAMPTZ(3)
);
CREATE UNIQUE INDEX "cluster_credentials_secret_hash_key" ON "cluster_credentials"("secret_hash");
CREATE INDEX "cluster_credentials_cluster_id_idx" ON "cluster_credentials"("cluster_id");

CREATE TABLE "audit_entries" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "actor_user_id" TEXT,
  "actor_name" TEXT NOT NULL,
  "actor_kind" TEXT NOT NULL,
  "action" TEXT NOT NULL,
  "target_type" TEXT NOT NULL,
  "target_id" TEXT,
  "details" JSONB NOT NULL DEFAULT '{}',
  "ip" TEXT,
  "user_agent" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "audit_entries_created_at_idx" ON "audit_entries"("created_at");
CREATE INDEX "audit_entries_target_type_target_id_idx" ON "audit_entries"("target_type", "target_id");
