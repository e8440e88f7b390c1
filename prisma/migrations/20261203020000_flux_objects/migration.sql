-- Every Flux object of every cluster in one table, whatever its origin: the Kustomizations the hub placed
-- (origin 'hub', linked to their hub row, removed with it) and the objects a cluster reconciles from git or
-- kubectl (origin 'cluster'). The per-Kustomization status rows move here, so status is read from one place.
CREATE TABLE "flux_objects" (
  "cluster_id" TEXT NOT NULL REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "kind" TEXT NOT NULL,
  "namespace" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "origin" TEXT NOT NULL CHECK ("origin" IN ('hub', 'cluster')),
  "kustomization_id" TEXT REFERENCES "kustomizations"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "parent_namespace" TEXT,
  "parent_name" TEXT,
  "ready" TEXT NOT NULL DEFAULT 'Unknown',
  "ready_reason" TEXT,
  "ready_message" TEXT,
  "state" TEXT NOT NULL DEFAULT 'progressing' CHECK ("state" IN ('ready', 'failing', 'progressing', 'suspended')),
  "revision" TEXT,
  "last_applied_revision" TEXT,
  "last_attempted_revision" TEXT,
  "observed_generation" INTEGER,
  "last_handled_reconcile_at" TEXT,
  "suspended" BOOLEAN NOT NULL DEFAULT false,
  "conditions" JSONB NOT NULL DEFAULT '[]',
  "inventory" JSONB NOT NULL DEFAULT '[]',
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "flux_objects_pkey" PRIMARY KEY ("cluster_id", "kind", "namespace", "name"),
  -- A hub row always names the Kustomization it reports on; a cluster row never does.
  CONSTRAINT "flux_objects_origin_link" CHECK (("origin" = 'hub') = ("kustomization_id" IS NOT NULL))
);
-- Lists are ordered by namespace, name, kind, cluster (fleet-wide and per cluster).
CREATE INDEX "flux_objects_list_idx" ON "flux_objects"("namespace", "name", "kind", "cluster_id");
CREATE INDEX "flux_objects_cluster_list_idx" ON "flux_objects"("cluster_id", "namespace", "name", "kind");
CREATE INDEX "flux_objects_kustomization_id_idx" ON "flux_objects"("kustomization_id");
-- The per-cluster bound counts a cluster's own objects.
CREATE INDEX "flux_objects_cluster_origin_idx" ON "flux_objects"("cluster_id", "origin");

INSERT INTO "flux_objects" ("cluster_id", "kind", "namespace", "name", "origin", "kustomization_id", "ready", "ready_reason",
                            "ready_message", "state", "revision", "last_applied_revision", "last_attempted_revision",
                            "observed_generation", "last_handled_reconcile_at", "suspended", "conditions", "inventory", "updated_at")
SELECT s."cluster_id", 'Kustomization', k."namespace", k."name", 'hub', k."id",
       COALESCE(r."status", 'Unknown'), r."reason", r."message",
       CASE WHEN (k."spec" ->> 'suspend') = 'true' THEN 'suspended'
            WHEN r."status" = 'True' THEN 'ready'
            WHEN r."status" = 'False' THEN 'failing'
            ELSE 'progressing' END,
       s."last_applied_revision", s."last_applied_revision", s."last_attempted_revision", s."observed_generation",
       s."last_handled_reconcile_at", COALESCE((k."spec" ->> 'suspend') = 'true', false), s."conditions", s."inventory", s."updated_at"
  FROM "kustomization_cluster_statuses" s
  JOIN "kustomizations" k ON k."id" = s."kustomization_id"
  LEFT JOIN LATERAL (SELECT c ->> 'status' AS "status", c ->> 'reason' AS "reason", c ->> 'message' AS "message"
                       FROM jsonb_array_elements(CASE WHEN jsonb_typeof(s."conditions") = 'array' THEN s."conditions" ELSE '[]' END) AS c
                      WHERE c ->> 'type' = 'Ready' LIMIT 1) r ON true;

DROP TABLE "kustomization_cluster_statuses";
