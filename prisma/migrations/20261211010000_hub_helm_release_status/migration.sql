-- The hub's HelmReleases report back per cluster: their rows in flux_objects (origin 'hub', kind HelmRelease)
-- link the hub release (gone with it) and keep what helm-controller writes beside the conditions: the release
-- history and the last attempt.
ALTER TABLE "flux_objects"
  ADD COLUMN "helm_release_id" TEXT REFERENCES "helm_releases"("id") ON DELETE CASCADE,
  ADD COLUMN "helm" JSONB;
CREATE INDEX "flux_objects_helm_release_id_idx" ON "flux_objects"("helm_release_id");
-- A row of origin 'hub' links exactly one hub definition: a Kustomization or a HelmRelease of that kind.
ALTER TABLE "flux_objects" DROP CONSTRAINT "flux_objects_origin_link";
ALTER TABLE "flux_objects" ADD CONSTRAINT "flux_objects_origin_link" CHECK (
  CASE WHEN "origin" = 'hub'
       THEN ("kind" = 'Kustomization' AND "kustomization_id" IS NOT NULL AND "helm_release_id" IS NULL)
         OR ("kind" = 'HelmRelease' AND "helm_release_id" IS NOT NULL AND "kustomization_id" IS NULL)
       ELSE "kustomization_id" IS NULL AND "helm_release_id" IS NULL
  END
);
