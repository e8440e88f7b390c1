-- A custom CA and/or a client certificate for the registry or chart repository of a hub OCIRepository or
-- HelmRepository (what Flux's certSecretRef holds: ca.crt, tls.crt, tls.key), sealed with the hub's key and
-- bound to the row; `tls_kind` says what is stored (ca, client or ca+client) so lists need not open it.
ALTER TABLE "oci_repositories" ADD COLUMN "tls_sealed" TEXT;
ALTER TABLE "oci_repositories" ADD COLUMN "tls_kind" TEXT;
ALTER TABLE "helm_repositories" ADD COLUMN "tls_sealed" TEXT;
ALTER TABLE "helm_repositories" ADD COLUMN "tls_kind" TEXT;
