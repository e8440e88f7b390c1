-- The agent's snapshot of its cluster's Flux objects that last named this row (origin "cluster"). When a
-- snapshot ends complete, the cluster's rows of origin "cluster" that it did not name are deleted: those
-- objects were deleted while no hub heard of it.
ALTER TABLE "flux_objects" ADD COLUMN "snapshot_id" TEXT;
