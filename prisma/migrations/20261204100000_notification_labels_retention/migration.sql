-- An object's labels as its agent read them, which Alerts' eventSources select on with matchLabels (as Flux
-- reads the involved object's labels). NULL: no agent has said yet (one that predates labels), which an Alert
-- with matchLabels treats as not matching, as Flux does when it cannot read the object.
ALTER TABLE "flux_objects" ADD COLUMN "labels" JSONB;

-- The delivery log's retention sweep deletes finished messages (delivered, or given up) by age; pending ones,
-- still to be sent, are never swept.
CREATE INDEX "notification_deliveries_finished_idx" ON "notification_deliveries" ("finished_at") WHERE "state" <> 'pending';

-- A gcr Receiver's expected token audience and service-account email (Flux reads them from the Receiver's
-- secret; they are not secret, so the hub keeps them as fields). NULL for every other type.
ALTER TABLE "notification_receivers" ADD COLUMN "gcr_audience" TEXT, ADD COLUMN "gcr_email" TEXT;
