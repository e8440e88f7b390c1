-- At 10,000 clusters and 200,000 objects the cluster table grouped every object of the fleet on each page (0.5 s
-- on a loaded machine) and needs attention read each failing object's JSON conditions to order them. Both now
-- read values Postgres keeps up to date as objects are written, so every writer of flux_objects gets them.

-- Since when an object's Ready condition has its status, as reported (text, as Flux writes it): the order of
-- needs attention, now readable from an index instead of the conditions JSON.
ALTER TABLE "flux_objects" ADD COLUMN "ready_since" TEXT GENERATED ALWAYS AS (
  jsonb_path_query_first(CASE WHEN jsonb_typeof("conditions") = 'array' THEN "conditions" ELSE '[]'::jsonb END,
                         '$[*] ? (@.type == "Ready").lastTransitionTime') #>> '{}'
) STORED;

DROP INDEX "flux_objects_attention_idx";
-- Needs attention in list order: stalled before failing, newest failure first.
CREATE INDEX "flux_objects_attention_idx" ON "flux_objects"(
  (CASE "health" WHEN 'stalled' THEN 1 ELSE 2 END), "ready_since" DESC NULLS LAST, "kind", "namespace", "name", "cluster_id"
) WHERE "health" IN ('failing', 'stalled');

-- Per cluster, over all its objects: the counts by health, the worst health (0 stalled, 1 failing, 2 progressing,
-- 3 suspended, 4 ready; a cluster without objects has no row), the reason of its worst object (newest first among
-- equals), how many distinct revisions its objects run and how many attempted a revision they have not applied.
-- Callers whose access is limited to some namespaces of a cluster count from flux_objects instead.
CREATE TABLE "fleet_cluster_health" (
  "cluster_id" TEXT PRIMARY KEY REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "total" INTEGER NOT NULL,
  "ready" INTEGER NOT NULL,
  "failing" INTEGER NOT NULL,
  "stalled" INTEGER NOT NULL,
  "progressing" INTEGER NOT NULL,
  "suspended" INTEGER NOT NULL,
  "worst_rank" INTEGER NOT NULL,
  "worst_reason" TEXT,
  "revisions" INTEGER NOT NULL,
  "behind" INTEGER NOT NULL
);
CREATE INDEX "fleet_cluster_health_worst_idx" ON "fleet_cluster_health"("worst_rank", "worst_reason");
CREATE INDEX "fleet_cluster_health_failing_idx" ON "fleet_cluster_health"(("failing" + "stalled"));

-- Recomputes the rows of these clusters from their objects (a cluster's objects are few, read through the
-- (cluster_id, health) index). Each cluster's row is locked first (created empty if missing), so two
-- transactions writing objects of one cluster recompute one after the other, the second seeing the first's
-- rows. Row locks, not advisory ones: a bulk write touching 10,000 clusters would overflow the lock table.
CREATE FUNCTION "fleet_cluster_health_refresh"(ids TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "fleet_cluster_health" SELECT c."id", 0, 0, 0, 0, 0, 0, 4, NULL, 0, 0 FROM "clusters" c
   WHERE c."id" IN (SELECT unnest(ids)) ORDER BY c."id" ON CONFLICT ("cluster_id") DO NOTHING;
  PERFORM 1 FROM "fleet_cluster_health" h WHERE h."cluster_id" IN (SELECT unnest(ids)) ORDER BY h."cluster_id" FOR UPDATE;
  DELETE FROM "fleet_cluster_health" h
   WHERE h."cluster_id" IN (SELECT unnest(ids)) AND NOT EXISTS (SELECT 1 FROM "flux_objects" f WHERE f."cluster_id" = h."cluster_id");
  INSERT INTO "fleet_cluster_health" AS h
  SELECT f."cluster_id",
         count(*)::int,
         count(*) FILTER (WHERE f."health" = 'ready')::int,
         count(*) FILTER (WHERE f."health" = 'failing')::int,
         count(*) FILTER (WHERE f."health" = 'stalled')::int,
         count(*) FILTER (WHERE f."health" = 'progressing')::int,
         count(*) FILTER (WHERE f."health" = 'suspended')::int,
         min(CASE f."health" WHEN 'stalled' THEN 0 WHEN 'failing' THEN 1 WHEN 'progressing' THEN 2 WHEN 'suspended' THEN 3 ELSE 4 END)::int,
         (SELECT w."ready_reason" FROM "flux_objects" w
           WHERE w."cluster_id" = f."cluster_id" AND w."health" IN ('stalled', 'failing', 'progressing')
           ORDER BY CASE w."health" WHEN 'stalled' THEN 0 WHEN 'failing' THEN 1 ELSE 2 END, w."updated_at" DESC LIMIT 1),
         count(DISTINCT f."revision")::int,
         count(*) FILTER (WHERE f."last_attempted_revision" IS NOT NULL
                            AND f."last_applied_revision" IS DISTINCT FROM f."last_attempted_revision")::int
    FROM "flux_objects" f
   WHERE f."cluster_id" IN (SELECT unnest(ids)) AND EXISTS (SELECT 1 FROM "clusters" c WHERE c."id" = f."cluster_id")
   GROUP BY f."cluster_id"
  ON CONFLICT ("cluster_id") DO UPDATE SET
    "total" = EXCLUDED."total", "ready" = EXCLUDED."ready", "failing" = EXCLUDED."failing", "stalled" = EXCLUDED."stalled",
    "progressing" = EXCLUDED."progressing", "suspended" = EXCLUDED."suspended", "worst_rank" = EXCLUDED."worst_rank",
    "worst_reason" = EXCLUDED."worst_reason", "revisions" = EXCLUDED."revisions", "behind" = EXCLUDED."behind";
END
$$;

-- Statement-level with transition tables: a bulk write of many objects recomputes each touched cluster once.
CREATE FUNCTION "flux_objects_refresh_cluster_health_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "fleet_cluster_health_refresh"(ARRAY(SELECT DISTINCT "cluster_id" FROM new_rows));
  RETURN NULL;
END
$$;
CREATE FUNCTION "flux_objects_refresh_cluster_health_old"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "fleet_cluster_health_refresh"(ARRAY(SELECT DISTINCT "cluster_id" FROM old_rows));
  RETURN NULL;
END
$$;
CREATE FUNCTION "flux_objects_refresh_cluster_health_both"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "fleet_cluster_health_refresh"(ARRAY(SELECT "cluster_id" FROM new_rows UNION SELECT "cluster_id" FROM old_rows));
  RETURN NULL;
END
$$;
CREATE TRIGGER "flux_objects_cluster_health_insert" AFTER INSERT ON "flux_objects"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "flux_objects_refresh_cluster_health_new"();
CREATE TRIGGER "flux_objects_cluster_health_update" AFTER UPDATE ON "flux_objects"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "flux_objects_refresh_cluster_health_both"();
CREATE TRIGGER "flux_objects_cluster_health_delete" AFTER DELETE ON "flux_objects"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "flux_objects_refresh_cluster_health_old"();

-- Existing objects, as the triggers would have counted them.
SELECT "fleet_cluster_health_refresh"(ARRAY(SELECT DISTINCT "cluster_id" FROM "flux_objects"));

-- Fleet search by an object's label (`app=web`): containment through this index.
CREATE INDEX "flux_objects_labels_gin_idx" ON "flux_objects" USING GIN ("labels");
