-- Hub OCIRepositories fetched once for the fleet (Flux's source.toolkit.fluxcd.io/v1 OCIRepository): the spec
-- as Flux writes it, registry credentials sealed with the hub's SecretBox, the cosign public keys its
-- signatures are checked with, and the same due-time queue columns as the other hub sources.
CREATE TABLE "oci_repositories" (
  "id" TEXT PRIMARY KEY,
  "namespace" TEXT NOT NULL DEFAULT 'flotilla-system',
  "name" TEXT NOT NULL,
  "spec" JSONB NOT NULL,
  "suspend" BOOLEAN NOT NULL DEFAULT false,
  "labels" JSONB NOT NULL DEFAULT '{}',
  "credentials_sealed" TEXT,
  "credentials_kind" TEXT,
  "verify_public_keys" JSONB NOT NULL DEFAULT '[]',
  "generation" INTEGER NOT NULL DEFAULT 1,
  "status" JSONB NOT NULL DEFAULT '{}',
  "next_reconcile_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "claimed_until" TIMESTAMPTZ(3),
  "last_reconcile_requested_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "oci_repositories_namespace_name_key" ON "oci_repositories"("namespace", "name");
CREATE INDEX "oci_repositories_next_reconcile_at_idx" ON "oci_repositories"("next_reconcile_at");
