-- Two statement triggers of flux_objects join a statement's old rows to its new rows. PL/pgSQL plans a statement
-- without parameters once per session and keeps the plan, and the planner sizes a transition table by its rows at
-- that first call: a session whose first UPDATE of flux_objects changed one row kept a nested loop of the new rows
-- over the old ones for good, so a later report write of n objects compared n × n row pairs in each join (200
-- objects: 10–30 ms per trigger, most of the statement; a 1,000-object snapshot twenty-five times that). The
-- joins now run through EXECUTE, planned at every call for the rows the statement changed (a hash join once there
-- are more than a few), at a fraction of a millisecond of planning. What the triggers record is the same.

CREATE OR REPLACE FUNCTION "flux_objects_refresh_cluster_health_both"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids TEXT[];
BEGIN
  EXECUTE $q$
    SELECT ARRAY(
      SELECT n."cluster_id" FROM new_rows n
        LEFT JOIN old_rows o ON o."cluster_id" = n."cluster_id" AND o."kind" = n."kind" AND o."namespace" = n."namespace" AND o."name" = n."name"
       WHERE o."cluster_id" IS NULL
          OR n."health" IN ('stalled', 'failing', 'progressing') OR o."health" IN ('stalled', 'failing', 'progressing')
          OR (n."health", n."revision", n."last_applied_revision", n."last_attempted_revision")
             IS DISTINCT FROM (o."health", o."revision", o."last_applied_revision", o."last_attempted_revision")
      UNION
      SELECT o."cluster_id" FROM old_rows o
       WHERE NOT EXISTS (SELECT 1 FROM new_rows n
                          WHERE n."cluster_id" = o."cluster_id" AND n."kind" = o."kind" AND n."namespace" = o."namespace" AND n."name" = o."name"))
  $q$ INTO ids;
  -- Most report writes change nothing the figures count: then there is no cluster to recompute.
  IF cardinality(ids) > 0 THEN
    PERFORM "fleet_cluster_health_refresh"(ids);
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "flux_object_revisions_record_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  recorded BIGINT;
BEGIN
  EXECUTE $q$
    INSERT INTO "flux_object_revisions" ("cluster_id", "kind", "namespace", "name", "revision")
    SELECT n."cluster_id", n."kind", n."namespace", n."name", n."revision"
      FROM new_rows n
      JOIN old_rows o ON o."cluster_id" = n."cluster_id" AND o."kind" = n."kind" AND o."namespace" = n."namespace" AND o."name" = n."name"
     WHERE n."revision" IS NOT NULL AND n."revision" IS DISTINCT FROM o."revision"
    ON CONFLICT DO NOTHING
  $q$;
  GET DIAGNOSTICS recorded = ROW_COUNT;
  -- Only a revision recorded now can take an object past 10 (a revision seen again keeps its row): with none,
  -- there is nothing to trim.
  IF recorded = 0 THEN
    RETURN NULL;
  END IF;
  EXECUTE $q$
    DELETE FROM "flux_object_revisions" r
     USING (SELECT n."cluster_id", n."kind", n."namespace", n."name"
              FROM new_rows n
              JOIN old_rows o ON o."cluster_id" = n."cluster_id" AND o."kind" = n."kind" AND o."namespace" = n."namespace" AND o."name" = n."name"
             WHERE n."revision" IS NOT NULL AND n."revision" IS DISTINCT FROM o."revision") AS c
     WHERE r."cluster_id" = c."cluster_id" AND r."kind" = c."kind" AND r."namespace" = c."namespace" AND r."name" = c."name"
       AND r."revision" IN (
         SELECT h."revision" FROM "flux_object_revisions" h
          WHERE h."cluster_id" = c."cluster_id" AND h."kind" = c."kind" AND h."namespace" = c."namespace" AND h."name" = c."name"
          ORDER BY h."first_seen_at" DESC, h."revision" OFFSET 10)
  $q$;
  RETURN NULL;
END
$$;
