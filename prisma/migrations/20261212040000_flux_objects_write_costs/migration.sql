-- The rollout index keyed an object by namespace, name and kind only (the cluster was an INCLUDE column). Planned
-- without statistics (a table filled in the same transaction, or a new database), the foreign-key checks of
-- flux_inventory_entries and flux_inventory_images took it for their lookup of the owning object, and then read
-- every cluster's copy of that object per checked row: one INSERT of 80,000 objects for 4,000 clusters spent
-- 48 s in those checks, and 200,000 objects for 10,000 clusters did not finish in 17 minutes. With the cluster in
-- the key every index that can serve the lookup finds the one row; the rollout matrix still reads its columns
-- from the index alone, now in cluster order.
DROP INDEX "flux_objects_rollout_idx";
CREATE INDEX "flux_objects_rollout_idx" ON "flux_objects"("namespace", "name", "kind", "cluster_id") INCLUDE ("health", "revision");

-- An UPDATE of flux_objects recomputed the figures of every cluster it touched, while most report writes change
-- nothing they count (an object reported Ready again, at the same revisions). Now only clusters with a changed
-- row are recomputed: a changed health or revision, or an object not ready before or after (the worst reason
-- is the newest among those, so their updated_at counts), or a row whose key changed.
CREATE OR REPLACE FUNCTION "flux_objects_refresh_cluster_health_both"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "fleet_cluster_health_refresh"(ARRAY(
    SELECT n."cluster_id" FROM new_rows n
      LEFT JOIN old_rows o ON o."cluster_id" = n."cluster_id" AND o."kind" = n."kind" AND o."namespace" = n."namespace" AND o."name" = n."name"
     WHERE o."cluster_id" IS NULL
        OR n."health" IN ('stalled', 'failing', 'progressing') OR o."health" IN ('stalled', 'failing', 'progressing')
        OR (n."health", n."revision", n."last_applied_revision", n."last_attempted_revision")
           IS DISTINCT FROM (o."health", o."revision", o."last_applied_revision", o."last_attempted_revision")
    UNION
    SELECT o."cluster_id" FROM old_rows o
     WHERE NOT EXISTS (SELECT 1 FROM new_rows n
                        WHERE n."cluster_id" = o."cluster_id" AND n."kind" = o."kind" AND n."namespace" = o."namespace" AND n."name" = o."name")));
  RETURN NULL;
END
$$;
