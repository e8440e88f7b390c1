-- Receivers (Flux notification.toolkit.fluxcd.io/v1): webhooks that ask the hub to reconcile its sources and
-- Kustomizations at once. The token is sealed (signature checks need it in clear); the webhook path is derived
-- from it as Flux derives it and finds the Receiver of a request.
CREATE TABLE "notification_receivers" (
  "id"                TEXT PRIMARY KEY,
  "namespace"         TEXT NOT NULL,
  "name"              TEXT NOT NULL,
  "type"              TEXT NOT NULL,
  "events"            TEXT[] NOT NULL DEFAULT '{}',
  "resources"         JSONB NOT NULL,
  "suspend"           BOOLEAN NOT NULL DEFAULT false,
  "token_sealed"      TEXT NOT NULL,
  "webhook_path"      TEXT NOT NULL,
  "last_received_at"  TIMESTAMPTZ(3),
  "created_at"        TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at"        TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "notification_receivers_namespace_name_key" ON "notification_receivers" ("namespace", "name");
CREATE UNIQUE INDEX "notification_receivers_webhook_path_key" ON "notification_receivers" ("webhook_path");
