-- The fleet dashboard reads health counts, needs-attention lists, per-cluster health and fleet-wide search out
-- of flux_objects and cluster_events with SQL aggregates, so these indexes carry it at 10,000 clusters.

-- Trigram indexes make substring search (`ILIKE '%nginx%'`) an index lookup instead of a scan.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- An object's health on the dashboard: its state, except that a Ready=False object whose Stalled condition is
-- True is "stalled" (Flux and kstatus: it will not progress until its spec or source changes). Computed by
-- Postgres from the stored conditions, so every writer of flux_objects gets it without a second definition.
ALTER TABLE "flux_objects" ADD COLUMN "health" TEXT GENERATED ALWAYS AS (
  CASE WHEN "state" = 'failing' AND "conditions" @> '[{"type": "Stalled", "status": "True"}]' THEN 'stalled' ELSE "state" END
) STORED;

-- Counts per cluster and health (the cluster table, the summary) read this index only.
CREATE INDEX "flux_objects_cluster_health_idx" ON "flux_objects"("cluster_id", "health");
-- Needs attention: the few failing and stalled objects, in list order.
CREATE INDEX "flux_objects_attention_idx" ON "flux_objects"("namespace", "name", "kind", "cluster_id") WHERE "health" IN ('failing', 'stalled');
CREATE INDEX "flux_objects_name_trgm_idx" ON "flux_objects" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "flux_objects_namespace_trgm_idx" ON "flux_objects" USING GIN ("namespace" gin_trgm_ops);
-- Inventory entries are searched inside the JSON array's text; matching rows are then expanded entry by entry.
CREATE INDEX "flux_objects_inventory_trgm_idx" ON "flux_objects" USING GIN (("inventory"::text) gin_trgm_ops);

CREATE INDEX "clusters_name_trgm_idx" ON "clusters" USING GIN ("name" gin_trgm_ops);

-- The activity timeline pages newest first with the id as tie-break.
CREATE INDEX "cluster_events_timeline_idx" ON "cluster_events"("occurred_at" DESC, "id" DESC);
CREATE INDEX "cluster_events_severity_timeline_idx" ON "cluster_events"("severity", "occurred_at" DESC, "id" DESC);
