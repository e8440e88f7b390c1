-- Which hub Kustomizations and HelmReleases each cluster's assignment places on it, and from which generation of
-- the assignment: the rollout view lists clusters an object is placed on that have not reported it yet. The rows
-- are read from the assignment document the hub computed with its one placement rule (what the agent gets), by
-- triggers on cluster_assignments, so the rollout's SQL joins an indexed table instead of each document's JSON.
CREATE TABLE "cluster_placed_objects" (
  "cluster_id" TEXT NOT NULL REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "kind" TEXT NOT NULL,
  "namespace" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  -- The first assignment generation that named the object: the agent has it once acked_generation reaches it.
  "since_generation" BIGINT NOT NULL,
  PRIMARY KEY ("cluster_id", "kind", "namespace", "name")
);
-- The rollout view reads one object's placements across the fleet.
CREATE INDEX "cluster_placed_objects_object_idx" ON "cluster_placed_objects"("namespace", "name", "kind", "cluster_id");

-- The objects a document names; anything but an array of {namespace, name} names nothing.
CREATE FUNCTION "assignment_placed_objects"(doc jsonb) RETURNS TABLE ("kind" text, "namespace" text, "name" text)
LANGUAGE sql IMMUTABLE AS $$
  SELECT 'Kustomization', e ->> 'namespace', e ->> 'name'
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(doc -> 'kustomizations') = 'array' THEN doc -> 'kustomizations' ELSE '[]'::jsonb END) e
   WHERE e ->> 'namespace' IS NOT NULL AND e ->> 'name' IS NOT NULL
  UNION
  SELECT 'HelmRelease', e ->> 'namespace', e ->> 'name'
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(doc -> 'helmReleases') = 'array' THEN doc -> 'helmReleases' ELSE '[]'::jsonb END) e
   WHERE e ->> 'namespace' IS NOT NULL AND e ->> 'name' IS NOT NULL
$$;

-- A stored document: objects it no longer names are forgotten, new ones recorded with this generation, the others
-- keep theirs (the agent acked them long ago perhaps).
CREATE FUNCTION "cluster_placed_objects_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "cluster_placed_objects" p
   WHERE p."cluster_id" = NEW."cluster_id"
     AND NOT EXISTS (SELECT 1 FROM assignment_placed_objects(NEW."document") x
                      WHERE x."kind" = p."kind" AND x."namespace" = p."namespace" AND x."name" = p."name");
  INSERT INTO "cluster_placed_objects" ("cluster_id", "kind", "namespace", "name", "since_generation")
  SELECT NEW."cluster_id", x."kind", x."namespace", x."name", NEW."generation" FROM assignment_placed_objects(NEW."document") x
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER "cluster_assignments_placed_insert" AFTER INSERT ON "cluster_assignments"
  FOR EACH ROW EXECUTE FUNCTION "cluster_placed_objects_sync"();
CREATE TRIGGER "cluster_assignments_placed_update" AFTER UPDATE OF "document" ON "cluster_assignments"
  FOR EACH ROW WHEN (NEW."document" IS DISTINCT FROM OLD."document") EXECUTE FUNCTION "cluster_placed_objects_sync"();

-- Documents stored already: placed since their current generation, the first the hub can tell.
INSERT INTO "cluster_placed_objects" ("cluster_id", "kind", "namespace", "name", "since_generation")
SELECT a."cluster_id", x."kind", x."namespace", x."name", a."generation"
  FROM "cluster_assignments" a CROSS JOIN LATERAL assignment_placed_objects(a."document") x
ON CONFLICT DO NOTHING;

-- "First seen anywhere" of each revision the rollout summary lists: walked in first_seen_at order per revision,
-- stopping at the first cluster the caller may see, instead of reading every cluster's history of the object.
CREATE INDEX "flux_object_revisions_first_idx" ON "flux_object_revisions"("namespace", "name", "kind", "revision", "first_seen_at");

-- The rollout matrix reads one object on every cluster (10,000 rows): its columns straight from this index (no
-- heap visit), hashed against the clusters. The statistics tell the planner that an object's name all but
-- decides its namespace and kind, so it expects those 10,000 rows (not a few hundred) and hashes the clusters
-- once instead of looking each one up.
CREATE INDEX "flux_objects_rollout_idx" ON "flux_objects"("namespace", "name", "kind") INCLUDE ("cluster_id", "health", "revision");
-- No ANALYZE here: on a new (empty) table it would record zero rows, and the triggers' plans would then expect
-- none; autovacuum builds these statistics with the table's others.
CREATE STATISTICS "flux_objects_object_stats" (ndistinct, dependencies, mcv) ON "namespace", "name", "kind" FROM "flux_objects";
