-- The foreign key of cluster_events on clusters checked each stored event on its own: a locked lookup of its
-- cluster per row, 35–69 ms of a 4,000-event INSERT of report batches (a third of the statement). The same two
-- rules now hold per statement: every cluster a statement's events name exists, locked as the foreign key's check
-- locks it (FOR KEY SHARE, so a cluster's deletion waits for the writing transaction), once per cluster instead of
-- once per event; and a cluster's deletion removes its events, as ON DELETE CASCADE did. Only the checking moved:
-- an event of a missing cluster is refused with the same SQLSTATE (23503), and no event outlives its cluster.
ALTER TABLE "cluster_events" DROP CONSTRAINT "cluster_events_cluster_id_fkey";

CREATE FUNCTION "cluster_events_check_clusters"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing TEXT;
BEGIN
  -- Each cluster once, locked in id order (two writers of overlapping clusters take the locks in the same order).
  -- A cluster deleted by a transaction that committed while this one waited for its lock is not returned.
  WITH wanted AS (SELECT DISTINCT "cluster_id" AS id FROM new_rows),
       locked AS (SELECT c."id" FROM "clusters" c WHERE c."id" IN (SELECT id FROM wanted) ORDER BY c."id" FOR KEY SHARE)
  SELECT w.id INTO missing FROM wanted w WHERE w.id NOT IN (SELECT id FROM locked) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "cluster_events" violates foreign key constraint "cluster_events_cluster_id_fkey"'
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (cluster_id)=(%s) is not present in table "clusters".', missing),
            TABLE = 'cluster_events', CONSTRAINT = 'cluster_events_cluster_id_fkey';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "cluster_events_check_clusters_insert" AFTER INSERT ON "cluster_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "cluster_events_check_clusters"();
CREATE TRIGGER "cluster_events_check_clusters_update" AFTER UPDATE ON "cluster_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "cluster_events_check_clusters"();

-- ON DELETE CASCADE: one DELETE per statement that deletes clusters.
CREATE FUNCTION "clusters_delete_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "cluster_events" e USING old_rows o WHERE e."cluster_id" = o."id";
  RETURN NULL;
END
$$;
CREATE TRIGGER "clusters_delete_events" AFTER DELETE ON "clusters"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "clusters_delete_events"();

-- ON UPDATE CASCADE: a cluster's id does not change in the hub, but if it did its events would follow.
CREATE FUNCTION "clusters_rename_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "cluster_events" SET "cluster_id" = NEW."id" WHERE "cluster_id" = OLD."id";
  RETURN NULL;
END
$$;
CREATE TRIGGER "clusters_rename_events" AFTER UPDATE OF "id" ON "clusters"
  FOR EACH ROW WHEN (OLD."id" IS DISTINCT FROM NEW."id") EXECUTE FUNCTION "clusters_rename_events"();

-- The two row triggers that keep an object's inventory entries and images ran their function (and its INSERT)
-- for every inserted flux_objects row, also for the many rows whose inventory is the empty default (every status
-- report of a new object). Their WHEN clauses now skip what the functions skipped or found nothing in: an inserted
-- row with an empty inventory, an update that leaves the inventory as it was.
DROP TRIGGER "flux_objects_inventory_entries" ON "flux_objects";
CREATE TRIGGER "flux_objects_inventory_entries_insert" AFTER INSERT ON "flux_objects"
  FOR EACH ROW WHEN (NEW."inventory" <> '[]'::jsonb) EXECUTE FUNCTION "flux_objects_sync_inventory_entries"();
CREATE TRIGGER "flux_objects_inventory_entries_update" AFTER UPDATE OF "inventory" ON "flux_objects"
  FOR EACH ROW WHEN (NEW."inventory" IS DISTINCT FROM OLD."inventory") EXECUTE FUNCTION "flux_objects_sync_inventory_entries"();
DROP TRIGGER "flux_objects_inventory_images" ON "flux_objects";
CREATE TRIGGER "flux_objects_inventory_images_insert" AFTER INSERT ON "flux_objects"
  FOR EACH ROW WHEN (NEW."inventory" <> '[]'::jsonb) EXECUTE FUNCTION "flux_objects_sync_inventory_images"();
CREATE TRIGGER "flux_objects_inventory_images_update" AFTER UPDATE OF "inventory" ON "flux_objects"
  FOR EACH ROW WHEN (NEW."inventory" IS DISTINCT FROM OLD."inventory") EXECUTE FUNCTION "flux_objects_sync_inventory_images"();
