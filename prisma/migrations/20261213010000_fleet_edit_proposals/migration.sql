-- A proposal comes from an image update automation or from a hand edit of an object a FleetSync made from git
-- (the edit is committed on a head branch and reviewed like an automation's change). Exactly one origin is set.
ALTER TABLE "update_proposals" ALTER COLUMN "automation_id" DROP NOT NULL;
ALTER TABLE "update_proposals" ADD COLUMN "fleet_sync_id" TEXT REFERENCES "fleet_syncs" ("id") ON DELETE CASCADE;
-- { kind, namespace, name, objectId, file, action: edit | delete, before, after, userId, username }: the object
-- and the change of its Flux document, re-applied when the base branch moved before the merge.
ALTER TABLE "update_proposals" ADD COLUMN "fleet_edit" JSONB;
ALTER TABLE "update_proposals" ADD CONSTRAINT "update_proposals_one_origin" CHECK (("automation_id" IS NULL) <> ("fleet_sync_id" IS NULL));
CREATE INDEX "update_proposals_fleet_sync_id_idx" ON "update_proposals" ("fleet_sync_id");
