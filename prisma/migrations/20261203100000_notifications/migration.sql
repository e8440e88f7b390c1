-- Notifications at the hub: Providers (where messages go) and Alerts (which events go there), an outbox of
-- stored cluster events filled by a trigger in the transaction that stores each event (so no event is missed
-- and none is read twice), the messages waiting for delivery with their retry schedule, and the log of every
-- delivery attempt.

CREATE TABLE "notification_providers" (
  "id"                TEXT PRIMARY KEY,
  "namespace"         TEXT NOT NULL,
  "name"              TEXT NOT NULL,
  "type"              TEXT NOT NULL,
  "channel"           TEXT,
  "username"          TEXT,
  "address"           TEXT,
  "timeout"           TEXT,
  "proxy"             TEXT,
  "suspend"           BOOLEAN NOT NULL DEFAULT false,
  "secret_sealed"     TEXT,
  "secret_keys"       TEXT[] NOT NULL DEFAULT '{}',
  "certificate"       TEXT,
  "created_at"        TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at"        TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "notification_providers_namespace_name_key" ON "notification_providers" ("namespace", "name");

CREATE TABLE "notification_alerts" (
  "id"                TEXT PRIMARY KEY,
  "namespace"         TEXT NOT NULL,
  "name"              TEXT NOT NULL,
  "provider_id"       TEXT NOT NULL REFERENCES "notification_providers" ("id") ON DELETE RESTRICT,
  "spec"              JSONB NOT NULL,
  "cluster_selector"  JSONB NOT NULL DEFAULT '{}',
  "mode"              TEXT NOT NULL DEFAULT 'every',
  "group_window_ms"   INTEGER NOT NULL DEFAULT 0,
  "created_at"        TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at"        TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "notification_alerts_namespace_name_key" ON "notification_alerts" ("namespace", "name");
CREATE INDEX "notification_alerts_provider_id_idx" ON "notification_alerts" ("provider_id");

CREATE TABLE "notification_outbox" (
  "id"                BIGSERIAL PRIMARY KEY,
  "event_id"          BIGINT NOT NULL,
  "created_at"        TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE FUNCTION "notification_outbox_enqueue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "notification_outbox" ("event_id") VALUES (NEW."id");
  RETURN NEW;
END $$;
CREATE TRIGGER "cluster_events_notification_outbox" AFTER INSERT ON "cluster_events"
  FOR EACH ROW EXECUTE FUNCTION "notification_outbox_enqueue"();

-- Flux's rate limit of identical events: a key is sent again only after its expiry.
CREATE TABLE "notification_dedup" (
  "key"               TEXT PRIMARY KEY,
  "expires_at"        TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX "notification_dedup_expires_at_idx" ON "notification_dedup" ("expires_at");

-- Per alert in state-change mode: the objects seen failing, and since when.
CREATE TABLE "notification_alert_states" (
  "alert_id"          TEXT NOT NULL REFERENCES "notification_alerts" ("id") ON DELETE CASCADE,
  "object_key"        TEXT NOT NULL,
  "failing_since"     TIMESTAMPTZ(3) NOT NULL,
  PRIMARY KEY ("alert_id", "object_key")
);

CREATE TABLE "notification_deliveries" (
  "id"                BIGSERIAL PRIMARY KEY,
  "alert_id"          TEXT REFERENCES "notification_alerts" ("id") ON DELETE SET NULL,
  "provider_id"       TEXT NOT NULL REFERENCES "notification_providers" ("id") ON DELETE CASCADE,
  -- Events folded into one message while the grouping window is open; null once sending may start.
  "group_key"         TEXT,
  "events"            JSONB NOT NULL,
  -- pending | delivered | failed
  "state"             TEXT NOT NULL DEFAULT 'pending',
  "attempts"          INTEGER NOT NULL DEFAULT 0,
  "next_attempt_at"   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "lease_until"       TIMESTAMPTZ(3),
  "created_at"        TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "finished_at"       TIMESTAMPTZ(3)
);
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" ("next_attempt_at") WHERE "state" = 'pending';
CREATE UNIQUE INDEX "notification_deliveries_open_group_key" ON "notification_deliveries" ("group_key") WHERE "state" = 'pending' AND "group_key" IS NOT NULL;

CREATE TABLE "notification_attempts" (
  "id"                BIGSERIAL PRIMARY KEY,
  "delivery_id"       BIGINT NOT NULL REFERENCES "notification_deliveries" ("id") ON DELETE CASCADE,
  "provider_id"       TEXT NOT NULL REFERENCES "notification_providers" ("id") ON DELETE CASCADE,
  "at"                TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "status_code"       INTEGER,
  "error"             TEXT,
  "latency_ms"        INTEGER NOT NULL
);
CREATE INDEX "notification_attempts_provider_at_idx" ON "notification_attempts" ("provider_id", "at" DESC);
