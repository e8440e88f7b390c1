-- What a FleetSync last applied to an object of the kinds it writes through the hub's services (a digest of
-- the document's input and placement): the same digest in the next revision is `unchanged`, so an unchanged
-- object is not written, audited or announced again. Null for the kinds it compares field by field.
ALTER TABLE "fleet_sync_objects" ADD COLUMN "digest" TEXT;
