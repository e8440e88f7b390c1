-- The two row triggers that report writes fire once per row become statement triggers over the statement's
-- transition tables: a write of many agents' reports in one statement then costs one function call and one
-- set-based insert, where it cost a plpgsql call and a single-row statement per row. What they record is the same.

-- Every stored event gets its outbox row, in the order the events were stored (the dispatcher reads by id).
DROP TRIGGER "cluster_events_notification_outbox" ON "cluster_events";
DROP FUNCTION "notification_outbox_enqueue"();
CREATE FUNCTION "notification_outbox_enqueue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "notification_outbox" ("event_id") SELECT "id" FROM new_rows ORDER BY "id";
  RETURN NULL;
END $$;
CREATE TRIGGER "cluster_events_notification_outbox" AFTER INSERT ON "cluster_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "notification_outbox_enqueue"();

-- A new revision of an object already reported: recorded, keeping the 10 most recent revisions of each object it
-- touched; a revision seen again keeps its first time. A trigger with transition tables cannot name columns, so
-- this one runs for every UPDATE statement of flux_objects and finds the changed revisions by joining the old and
-- new rows (an update never changes an object's key); a statement that changes none inserts and trims nothing.
DROP TRIGGER "flux_objects_revision_update" ON "flux_objects";
DROP FUNCTION "flux_object_revisions_record"();
CREATE FUNCTION "flux_object_revisions_record_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "flux_object_revisions" ("cluster_id", "kind", "namespace", "name", "revision")
  SELECT n."cluster_id", n."kind", n."namespace", n."name", n."revision"
    FROM new_rows n
    JOIN old_rows o ON o."cluster_id" = n."cluster_id" AND o."kind" = n."kind" AND o."namespace" = n."namespace" AND o."name" = n."name"
   WHERE n."revision" IS NOT NULL AND n."revision" IS DISTINCT FROM o."revision"
  ON CONFLICT DO NOTHING;
  DELETE FROM "flux_object_revisions" r
   USING (SELECT n."cluster_id", n."kind", n."namespace", n."name"
            FROM new_rows n
            JOIN old_rows o ON o."cluster_id" = n."cluster_id" AND o."kind" = n."kind" AND o."namespace" = n."namespace" AND o."name" = n."name"
           WHERE n."revision" IS NOT NULL AND n."revision" IS DISTINCT FROM o."revision") AS c
   WHERE r."cluster_id" = c."cluster_id" AND r."kind" = c."kind" AND r."namespace" = c."namespace" AND r."name" = c."name"
     AND r."revision" IN (
       SELECT h."revision" FROM "flux_object_revisions" h
        WHERE h."cluster_id" = c."cluster_id" AND h."kind" = c."kind" AND h."namespace" = c."namespace" AND h."name" = c."name"
        ORDER BY h."first_seen_at" DESC, h."revision" OFFSET 10);
  RETURN NULL;
END
$$;
CREATE TRIGGER "flux_objects_revision_update" AFTER UPDATE ON "flux_objects"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "flux_object_revisions_record_changed"();
