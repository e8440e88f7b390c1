-- The container images of the workloads in Flux inventories, one row per (entry, image), for fleet-wide
-- search by image: "which clusters run nginx:1.25.3?", by the whole reference, its repository, its tag or its
-- digest. The hub stores each image already split into name, tag and digest (kustomize's image split, in
-- reconcile-core) inside the inventory's entries; Postgres keeps these rows in step with
-- flux_objects.inventory itself, as it does for flux_inventory_entries. Exact matches through btree indexes: an
-- image reference is looked up whole, not by substring.
CREATE TABLE "flux_inventory_images" (
  "cluster_id" TEXT NOT NULL,
  "owner_kind" TEXT NOT NULL,
  "owner_namespace" TEXT NOT NULL,
  "owner_name" TEXT NOT NULL,
  "namespace" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "group" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  -- As the container spec holds it, and split: repository (everything before tag and digest), tag, digest ('' when absent).
  "image" TEXT NOT NULL,
  "repository" TEXT NOT NULL,
  "tag" TEXT NOT NULL,
  "digest" TEXT NOT NULL,
  CONSTRAINT "flux_inventory_images_owner_fkey" FOREIGN KEY ("cluster_id", "owner_kind", "owner_namespace", "owner_name")
    REFERENCES "flux_objects"("cluster_id", "kind", "namespace", "name") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "flux_inventory_images_owner_idx" ON "flux_inventory_images"("cluster_id", "owner_kind", "owner_namespace", "owner_name");
CREATE INDEX "flux_inventory_images_image_idx" ON "flux_inventory_images"("image");
CREATE INDEX "flux_inventory_images_repository_idx" ON "flux_inventory_images"("repository");
CREATE INDEX "flux_inventory_images_tag_idx" ON "flux_inventory_images"("tag") WHERE "tag" <> '';
CREATE INDEX "flux_inventory_images_digest_idx" ON "flux_inventory_images"("digest") WHERE "digest" <> '';

CREATE FUNCTION "flux_objects_sync_inventory_images"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW."inventory" IS NOT DISTINCT FROM OLD."inventory" THEN
      RETURN NULL;
    END IF;
    DELETE FROM "flux_inventory_images"
     WHERE "cluster_id" = NEW."cluster_id" AND "owner_kind" = NEW."kind" AND "owner_namespace" = NEW."namespace" AND "owner_name" = NEW."name";
  END IF;
  INSERT INTO "flux_inventory_images" ("cluster_id", "owner_kind", "owner_namespace", "owner_name", "namespace", "name", "group", "kind",
                                       "image", "repository", "tag", "digest")
  SELECT NEW."cluster_id", NEW."kind", NEW."namespace", NEW."name", split_part(id, '_', 1), split_part(id, '_', 2), split_part(id, '_', 3), split_part(id, '_', 4),
         img ->> 'ref', img ->> 'name', COALESCE(img ->> 'tag', ''), COALESCE(img ->> 'digest', '')
    FROM (SELECT e ->> 'id' AS id, e -> 'images' AS images
            FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW."inventory") = 'array' THEN NEW."inventory" ELSE '[]'::jsonb END) AS e
           WHERE jsonb_typeof(e -> 'id') = 'string' AND jsonb_typeof(e -> 'images') = 'array') AS entries,
         jsonb_array_elements(images) AS img
   WHERE id ~ '^[^_]*_[^_]+_[^_]*_[^_]+$' AND jsonb_typeof(img -> 'ref') = 'string' AND jsonb_typeof(img -> 'name') = 'string';
  RETURN NULL;
END
$$;
CREATE TRIGGER "flux_objects_inventory_images" AFTER INSERT OR UPDATE OF "inventory" ON "flux_objects"
  FOR EACH ROW EXECUTE FUNCTION "flux_objects_sync_inventory_images"();
