-- Report batch sequences belong to one agent credential, not to the cluster: a cluster registered again gets a
-- new credential whose numbering starts at 0, and batches still arriving under the old (revoked) credential can
-- never move the new agent's counter. Existing counters move to the cluster's live credential; counters of
-- clusters without one are dropped (their next credential starts at 0 anyway).
ALTER TABLE "agent_report_sequences" ADD COLUMN "credential_id" TEXT;

UPDATE "agent_report_sequences" AS s
   SET "credential_id" = c."id"
  FROM (SELECT DISTINCT ON ("cluster_id") "cluster_id", "id"
          FROM "cluster_credentials"
         WHERE "revoked_at" IS NULL
         ORDER BY "cluster_id", "created_at" DESC) AS c
 WHERE c."cluster_id" = s."cluster_id";

DELETE FROM "agent_report_sequences" WHERE "credential_id" IS NULL;

ALTER TABLE "agent_report_sequences" DROP CONSTRAINT "agent_report_sequences_pkey";
ALTER TABLE "agent_report_sequences" ALTER COLUMN "credential_id" SET NOT NULL;
ALTER TABLE "agent_report_sequences" ADD CONSTRAINT "agent_report_sequences_pkey" PRIMARY KEY ("credential_id");
ALTER TABLE "agent_report_sequences" ADD CONSTRAINT "agent_report_sequences_credential_id_fkey"
  FOREIGN KEY ("credential_id") REFERENCES "cluster_credentials"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "agent_report_sequences_cluster_id_idx" ON "agent_report_sequences"("cluster_id");
