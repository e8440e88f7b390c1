-- A user's own role is a fleet-wide grant. It may now be empty: such a user reaches only what their teams
-- grant. Existing users keep their role, so they keep exactly the access they had.
ALTER TABLE "users" ALTER COLUMN "role" DROP NOT NULL;

CREATE TABLE "teams" (
  "id" TEXT PRIMARY KEY,
  "name" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "teams_name_key" ON "teams" ("name");

CREATE TABLE "team_members" (
  "team_id" TEXT NOT NULL REFERENCES "teams" ("id") ON DELETE CASCADE,
  "user_id" TEXT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
  PRIMARY KEY ("team_id", "user_id")
);
CREATE INDEX "team_members_user_id_idx" ON "team_members" ("user_id");

-- A role on the clusters whose labels match cluster_selector ('' matches every cluster), limited to
-- objects in these namespaces unless the list is empty.
CREATE TABLE "team_grants" (
  "id" TEXT PRIMARY KEY,
  "team_id" TEXT NOT NULL REFERENCES "teams" ("id") ON DELETE CASCADE,
  "role" "Role" NOT NULL,
  "cluster_selector" TEXT NOT NULL DEFAULT '',
  "namespaces" TEXT[] NOT NULL DEFAULT '{}',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "team_grants_team_id_idx" ON "team_grants" ("team_id");
