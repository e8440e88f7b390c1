-- When each cluster's Flux object first reported each revision: how the rollout view draws a new revision
-- spreading over the fleet. Written by triggers on flux_objects: for updates a row trigger whose WHEN clause
-- compares the old and new revision, so the many reports that change nothing else about an object cost no
-- function call, and a new revision costs one insert (and the trim below) per cluster; for inserts one statement.
CREATE TABLE "flux_object_revisions" (
  "cluster_id" TEXT NOT NULL REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "kind" TEXT NOT NULL,
  "namespace" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "revision" TEXT NOT NULL,
  "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("cluster_id", "kind", "namespace", "name", "revision")
);
-- The rollout view reads one object's history across the fleet.
CREATE INDEX "flux_object_revisions_object_idx" ON "flux_object_revisions"("namespace", "name", "kind", "first_seen_at");

-- A new revision of an object already reported: recorded, keeping the 10 most recent revisions of the object (the
-- view draws the newest few, and a busy repository would otherwise add a row per commit and cluster forever). A
-- revision seen again keeps its first time.
CREATE FUNCTION "flux_object_revisions_record"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "flux_object_revisions" ("cluster_id", "kind", "namespace", "name", "revision")
  VALUES (NEW."cluster_id", NEW."kind", NEW."namespace", NEW."name", NEW."revision")
  ON CONFLICT DO NOTHING;
  DELETE FROM "flux_object_revisions" r
   WHERE r."cluster_id" = NEW."cluster_id" AND r."kind" = NEW."kind" AND r."namespace" = NEW."namespace" AND r."name" = NEW."name"
     AND r."revision" IN (
       SELECT o."revision" FROM "flux_object_revisions" o
        WHERE o."cluster_id" = NEW."cluster_id" AND o."kind" = NEW."kind" AND o."namespace" = NEW."namespace" AND o."name" = NEW."name"
        ORDER BY o."first_seen_at" DESC, o."revision" OFFSET 10);
  RETURN NULL;
END
$$;
CREATE TRIGGER "flux_objects_revision_update" AFTER UPDATE OF "revision" ON "flux_objects"
  FOR EACH ROW WHEN (NEW."revision" IS NOT NULL AND NEW."revision" IS DISTINCT FROM OLD."revision")
  EXECUTE FUNCTION "flux_object_revisions_record"();

-- New objects: one statement per write, so a bulk insert (a first snapshot of a large cluster) costs one insert
-- here, not a call per row. A new object has no history to trim (its deletion took the old one along).
CREATE FUNCTION "flux_object_revisions_record_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "flux_object_revisions" ("cluster_id", "kind", "namespace", "name", "revision")
  SELECT "cluster_id", "kind", "namespace", "name", "revision" FROM new_rows WHERE "revision" IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER "flux_objects_revision_insert" AFTER INSERT ON "flux_objects"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "flux_object_revisions_record_new"();

-- An object gone from its cluster takes its history along (a cluster's removal cascades).
CREATE FUNCTION "flux_object_revisions_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "flux_object_revisions" r USING old_rows o
   WHERE r."cluster_id" = o."cluster_id" AND r."kind" = o."kind" AND r."namespace" = o."namespace" AND r."name" = o."name";
  RETURN NULL;
END
$$;
CREATE TRIGGER "flux_objects_revision_delete" AFTER DELETE ON "flux_objects"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "flux_object_revisions_forget"();

-- Objects that run a revision already: first seen when last written, the best the hub knows.
INSERT INTO "flux_object_revisions" ("cluster_id", "kind", "namespace", "name", "revision", "first_seen_at")
SELECT "cluster_id", "kind", "namespace", "name", "revision", "updated_at" FROM "flux_objects" WHERE "revision" IS NOT NULL;
