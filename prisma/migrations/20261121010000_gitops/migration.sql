-- Issue 5: GitOps. Git sources and their artifacts, Kustomizations with placement, per-cluster assignments,
-- and what agents report back (status + inventory, events, batch sequence numbers).
-- Hand-written to match schema.prisma. credentials_sealed holds SecretBox ciphertext, never plaintext.

CREATE TABLE "git_repositories" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "namespace" TEXT NOT NULL DEFAULT 'flotilla-system',
  "name" TEXT NOT NULL,
  "url" TEXT NOT NULL,
  "ref" JSONB,
  "interval" TEXT NOT NULL DEFAULT '1m',
  "timeout" TEXT NOT NULL DEFAULT '60s',
  "ignore" TEXT,
  "suspend" BOOLEAN NOT NULL DEFAULT false,
  "credentials_sealed" TEXT,
  "credentials_kind" TEXT,
  "generation" INTEGER NOT NULL DEFAULT 1,
  "status" JSONB NOT NULL DEFAULT '{}',
  "next_reconcile_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "claimed_until" TIMESTAMPTZ(3),
  "last_reconcile_requested_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "git_repositories_namespace_name_key" ON "git_repositories"("namespace", "name");
-- The scheduler claims due rows with FOR UPDATE SKIP LOCKED ordered by this column.
CREATE INDEX "git_repositories_next_reconcile_at_idx" ON "git_repositories"("next_reconcile_at");

CREATE TABLE "artifacts" (
  "digest" TEXT NOT NULL PRIMARY KEY,
  "source_id" TEXT NOT NULL REFERENCES "git_repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "revision" TEXT NOT NULL,
  "size" BIGINT NOT NULL,
  "storage_key" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "artifacts_source_id_created_at_idx" ON "artifacts"("source_id", "created_at");

CREATE TABLE "kustomizations" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "namespace" TEXT NOT NULL DEFAULT 'flotilla-system',
  "name" TEXT NOT NULL,
  "spec" JSONB NOT NULL,
  "placement" JSONB NOT NULL DEFAULT '{"clusterSelector": null, "clusterNames": []}',
  "generation" INTEGER NOT NULL DEFAULT 1,
  "last_reconcile_requested_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "kustomizations_namespace_name_key" ON "kustomizations"("namespace", "name");

CREATE TABLE "cluster_assignments" (
  "cluster_id" TEXT NOT NULL PRIMARY KEY REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "generation" BIGINT NOT NULL DEFAULT 0,
  "document" JSONB NOT NULL,
  "previous_document" JSONB,
  "acked_generation" BIGINT NOT NULL DEFAULT 0,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "kustomization_cluster_statuses" (
  "kustomization_id" TEXT NOT NULL REFERENCES "kustomizations"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "cluster_id" TEXT NOT NULL REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "conditions" JSONB NOT NULL DEFAULT '[]',
  "last_applied_revision" TEXT,
  "last_attempted_revision" TEXT,
  "observed_generation" INTEGER,
  "last_handled_reconcile_at" TEXT,
  "inventory" JSONB NOT NULL DEFAULT '[]',
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "kustomization_cluster_statuses_pkey" PRIMARY KEY ("kustomization_id", "cluster_id")
);
CREATE INDEX "kustomization_cluster_statuses_cluster_id_idx" ON "kustomization_cluster_statuses"("cluster_id");

CREATE TABLE "cluster_events" (
  "id" BIGSERIAL NOT NULL PRIMARY KEY,
  "cluster_id" TEXT NOT NULL REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "involved_kind" TEXT NOT NULL,
  "involved_namespace" TEXT,
  "involved_name" TEXT NOT NULL,
  "severity" TEXT NOT NULL,
  "reason" TEXT NOT NULL,
  "message" TEXT NOT NULL,
  "revision" TEXT,
  "occurred_at" TIMESTAMPTZ(3) NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "cluster_events_cluster_id_occurred_at_idx" ON "cluster_events"("cluster_id", "occurred_at" DESC);
CREATE INDEX "cluster_events_involved_idx"
  ON "cluster_events"("involved_kind", "involved_namespace", "involved_name", "occurred_at" DESC);
-- Retention deletes by age.
CREATE INDEX "cluster_events_occurred_at_idx" ON "cluster_events"("occurred_at");

CREATE TABLE "agent_report_sequences" (
  "cluster_id" TEXT NOT NULL PRIMARY KEY REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "last_seq" BIGINT NOT NULL DEFAULT 0
);
