-- Hub HelmRepositories (type default, an HTTP index.yaml) fetched once for the fleet, and hub HelmReleases placed
-- on clusters by labels. The chart a release resolved (version, digest of the chart archive in the artifact
-- store) is kept on the release: agents receive it as an ExternalArtifact.
CREATE TABLE "helm_repositories" (
  "id" TEXT PRIMARY KEY,
  "namespace" TEXT NOT NULL DEFAULT 'flotilla-system',
  "name" TEXT NOT NULL,
  "url" TEXT NOT NULL,
  "interval" TEXT NOT NULL DEFAULT '10m',
  "timeout" TEXT NOT NULL DEFAULT '60s',
  "pass_credentials" BOOLEAN NOT NULL DEFAULT false,
  "suspend" BOOLEAN NOT NULL DEFAULT false,
  "labels" JSONB NOT NULL DEFAULT '{}',
  "credentials_sealed" TEXT,
  "credentials_kind" TEXT,
  "generation" INTEGER NOT NULL DEFAULT 1,
  "status" JSONB NOT NULL DEFAULT '{}',
  "next_reconcile_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "claimed_until" TIMESTAMPTZ(3),
  "last_reconcile_requested_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "helm_repositories_namespace_name_key" ON "helm_repositories"("namespace", "name");
CREATE INDEX "helm_repositories_next_reconcile_at_idx" ON "helm_repositories"("next_reconcile_at");

CREATE TABLE "helm_releases" (
  "id" TEXT PRIMARY KEY,
  "namespace" TEXT NOT NULL DEFAULT 'flotilla-system',
  "name" TEXT NOT NULL,
  "spec" JSONB NOT NULL,
  "overlays" JSONB NOT NULL DEFAULT '[]',
  "placement" JSONB NOT NULL DEFAULT '{"clusterSelector": null, "clusterNames": []}',
  "labels" JSONB NOT NULL DEFAULT '{}',
  "generation" INTEGER NOT NULL DEFAULT 1,
  "chart" JSONB NOT NULL DEFAULT '{}',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "helm_releases_namespace_name_key" ON "helm_releases"("namespace", "name");
