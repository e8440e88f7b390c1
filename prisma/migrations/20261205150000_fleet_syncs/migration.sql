-- The fleet as code: a FleetSync reconciles a path of one of the hub's GitRepositories into hub objects.
CREATE TABLE "fleet_syncs" (
  "id" TEXT PRIMARY KEY,
  "namespace" TEXT NOT NULL DEFAULT 'flotilla-system',
  "name" TEXT NOT NULL,
  "source_namespace" TEXT NOT NULL,
  "source_name" TEXT NOT NULL,
  "path" TEXT NOT NULL DEFAULT './',
  "interval" TEXT NOT NULL DEFAULT '10m',
  "prune" BOOLEAN NOT NULL DEFAULT true,
  "suspend" BOOLEAN NOT NULL DEFAULT false,
  "status" JSONB NOT NULL DEFAULT '{}',
  "next_reconcile_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "fleet_syncs_namespace_name_key" ON "fleet_syncs" ("namespace", "name");

-- The owner mark: which FleetSync made a hub object, from which file. Only marked objects are updated or
-- pruned by a FleetSync, and hand edits of marked objects are refused. An object of the hub's own tables is
-- named by its kind and id (no foreign key: the kinds live in different tables).
CREATE TABLE "fleet_sync_objects" (
  "kind" TEXT NOT NULL,
  "object_id" TEXT NOT NULL,
  "fleet_sync_id" TEXT NOT NULL REFERENCES "fleet_syncs" ("id") ON DELETE CASCADE,
  "file" TEXT NOT NULL,
  PRIMARY KEY ("kind", "object_id")
);
CREATE INDEX "fleet_sync_objects_fleet_sync_id_idx" ON "fleet_sync_objects" ("fleet_sync_id");
