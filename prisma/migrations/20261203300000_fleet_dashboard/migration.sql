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
-- Every inventory entry of every Flux object as its own row, split into namespace, name, group and kind, for
-- fleet-wide search ("which clusters run Deployment web?"). Names are searched by prefix through a btree: a
-- trigram index over millions of short ids built of common words ("apps", digits) intersects huge posting lists
-- and takes seconds. Postgres keeps the rows in step with flux_objects.inventory itself, so every writer of that
-- column keeps them right.
CREATE TABLE "flux_inventory_entries" (
  "cluster_id" TEXT NOT NULL,
  "owner_kind" TEXT NOT NULL,
  "owner_namespace" TEXT NOT NULL,
  "owner_name" TEXT NOT NULL,
  -- From Flux's inventory id <namespace>_<name>_<group>_<kind>; none of the four may hold "_".
  "namespace" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "group" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  CONSTRAINT "flux_inventory_entries_owner_fkey" FOREIGN KEY ("cluster_id", "owner_kind", "owner_namespace", "owner_name")
    REFERENCES "flux_objects"("cluster_id", "kind", "namespace", "name") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "flux_inventory_entries_owner_idx" ON "flux_inventory_entries"("cluster_id", "owner_kind", "owner_namespace", "owner_name");
CREATE INDEX "flux_inventory_entries_name_idx" ON "flux_inventory_entries"(lower("name") text_pattern_ops);
CREATE INDEX "flux_inventory_entries_kind_idx" ON "flux_inventory_entries"(lower("kind"));

CREATE FUNCTION "flux_objects_sync_inventory_entries"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW."inventory" IS NOT DISTINCT FROM OLD."inventory" THEN
      RETURN NULL;
    END IF;
    DELETE FROM "flux_inventory_entries"
     WHERE "cluster_id" = NEW."cluster_id" AND "owner_kind" = NEW."kind" AND "owner_namespace" = NEW."namespace" AND "owner_name" = NEW."name";
  END IF;
  INSERT INTO "flux_inventory_entries" ("cluster_id", "owner_kind", "owner_namespace", "owner_name", "namespace", "name", "group", "kind")
  SELECT NEW."cluster_id", NEW."kind", NEW."namespace", NEW."name", split_part(id, '_', 1), split_part(id, '_', 2), split_part(id, '_', 3), split_part(id, '_', 4)
    FROM (SELECT e ->> 'id' AS id FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW."inventory") = 'array' THEN NEW."inventory" ELSE '[]'::jsonb END) AS e
           WHERE jsonb_typeof(e -> 'id') = 'string') AS entries
   WHERE id ~ '^[^_]*_[^_]+_[^_]*_[^_]+$';
  RETURN NULL;
END
$$;
CREATE TRIGGER "flux_objects_inventory_entries" AFTER INSERT OR UPDATE OF "inventory" ON "flux_objects"
  FOR EACH ROW EXECUTE FUNCTION "flux_objects_sync_inventory_entries"();

-- Existing rows, as the trigger would have written them.
INSERT INTO "flux_inventory_entries" ("cluster_id", "owner_kind", "owner_namespace", "owner_name", "namespace", "name", "group", "kind")
SELECT f."cluster_id", f."kind", f."namespace", f."name", split_part(id, '_', 1), split_part(id, '_', 2), split_part(id, '_', 3), split_part(id, '_', 4)
  FROM "flux_objects" f,
       LATERAL (SELECT e ->> 'id' AS id FROM jsonb_array_elements(CASE WHEN jsonb_typeof(f."inventory") = 'array' THEN f."inventory" ELSE '[]'::jsonb END) AS e
                 WHERE jsonb_typeof(e -> 'id') = 'string') AS entries
 WHERE id ~ '^[^_]*_[^_]+_[^_]*_[^_]+$';

CREATE INDEX "clusters_name_trgm_idx" ON "clusters" USING GIN ("name" gin_trgm_ops);

-- The activity timeline pages newest first with the id as tie-break.
CREATE INDEX "cluster_events_timeline_idx" ON "cluster_events"("occurred_at" DESC, "id" DESC);
CREATE INDEX "cluster_events_severity_timeline_idx" ON "cluster_events"("severity", "occurred_at" DESC, "id" DESC);
