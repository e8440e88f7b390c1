-- HelmRepository `type: oci` at the hub (Flux's default|oci) and `insecure` (plain HTTP to the registry, oci only).
ALTER TABLE "helm_repositories" ADD COLUMN "type" TEXT NOT NULL DEFAULT 'default';
ALTER TABLE "helm_repositories" ADD COLUMN "insecure" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "helm_repositories" ADD CONSTRAINT "helm_repositories_type_check" CHECK ("type" IN ('default', 'oci'));
