-- Each heartbeat flush moves clusters.last_seen_at for the beats it carries (about a thousand rows a second with
-- 10,000 agents connected). While last_seen_at was in an index, no such update could stay on its page: each wrote an
-- entry into every index of clusters (five, two of them GIN). That index, on (connection_state, last_seen_at),
-- served the stale sweep (connected clusters whose last beat is too old, now read from the connected ones) and the
-- order of the disconnected clusters in the needs-attention list (now a sort of the disconnected ones); the state
-- alone stays indexed. Half of each page is left free, as for flux_objects, so a flush finds room for the new
-- versions next to the old ones (the table is small: a few hundred bytes a cluster).
DROP INDEX "clusters_connection_state_last_seen_at_idx";
CREATE INDEX "clusters_connection_state_idx" ON "clusters"("connection_state");
ALTER TABLE "clusters" SET (fillfactor = 50);
