-- Users can be disabled (sessions and tokens refused while disabled) and show when they last logged in.
ALTER TABLE "users" ADD COLUMN "disabled_at" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD COLUMN "last_login_at" TIMESTAMPTZ(3);
-- Set while the user signs in with a password the hub generated (new user, reset): until they choose their
-- own, their sessions may only read who they are and change the password.
ALTER TABLE "users" ADD COLUMN "must_change_password" BOOLEAN NOT NULL DEFAULT false;

-- An API token acts with its own role, never above its owner's current one. Tokens made before this had
-- the owner's role, so they keep it.
ALTER TABLE "api_tokens" ADD COLUMN "role" "Role";
UPDATE "api_tokens" t SET "role" = u."role" FROM "users" u WHERE u."id" = t."user_id";
ALTER TABLE "api_tokens" ALTER COLUMN "role" SET NOT NULL;

-- The audit reader pages newest first by (created_at, id) and filters by actor and action.
CREATE INDEX "audit_entries_created_at_id_idx" ON "audit_entries" ("created_at" DESC, "id" DESC);
CREATE INDEX "audit_entries_actor_name_created_at_idx" ON "audit_entries" ("actor_name", "created_at");
CREATE INDEX "audit_entries_action_created_at_idx" ON "audit_entries" ("action", "created_at");
DROP INDEX IF EXISTS "audit_entries_created_at_idx";
