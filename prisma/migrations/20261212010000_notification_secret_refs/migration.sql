-- The names of the Kubernetes Secrets a Flux Provider's secretRef/certSecretRef and a Receiver's secretRef
-- name, kept so Flux YAML exports what it was imported with. The hub never reads those Secrets: it keeps
-- the credentials (sealed) and the receiver token itself.
ALTER TABLE "notification_providers" ADD COLUMN "secret_ref_name" TEXT;
ALTER TABLE "notification_providers" ADD COLUMN "cert_secret_ref_name" TEXT;
ALTER TABLE "notification_receivers" ADD COLUMN "secret_ref_name" TEXT;
