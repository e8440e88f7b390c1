-- Report writes update the same rows again and again: a cluster's Flux objects on every status report, its report
-- sequence on every batch. With full pages (the default fillfactor of 100) each new row version went to another
-- page, so Postgres wrote an entry for it into every index of the table (eleven for flux_objects, three of them
-- GIN) although no indexed value had changed. With half of each page left free, a report that rewrites all the
-- objects of a page in one statement finds room for their new versions on that page: each stays a heap-only tuple
-- and no index is touched, and the space of the versions it replaced is reused by the next report. Pages already
-- written keep their layout until they are rewritten; new pages get the room.
ALTER TABLE "flux_objects" SET (fillfactor = 50);
ALTER TABLE "agent_report_sequences" SET (fillfactor = 50);
