-- ImageRepositories the hub scans, with their credentials sealed like git credentials, and the tags each
-- scan found (one array per repository: a scan replaces the whole list at once).
CREATE TABLE "image_repositories" (
  "id" TEXT PRIMARY KEY,
  "namespace" TEXT NOT NULL DEFAULT 'flotilla-system',
  "name" TEXT NOT NULL,
  "image" TEXT NOT NULL,
  "interval" TEXT NOT NULL,
  "timeout" TEXT,
  "exclusion_list" TEXT[] NOT NULL DEFAULT ARRAY['^.*\.sig$'],
  "insecure" BOOLEAN NOT NULL DEFAULT false,
  "suspend" BOOLEAN NOT NULL DEFAULT false,
  "credentials_sealed" TEXT,
  "credentials_kind" TEXT,
  "generation" INTEGER NOT NULL DEFAULT 1,
  "status" JSONB NOT NULL DEFAULT '{}',
  "next_scan_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "claimed_until" TIMESTAMPTZ(3),
  "last_scan_requested_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "image_repositories_namespace_name_key" ON "image_repositories" ("namespace", "name");
CREATE INDEX "image_repositories_next_scan_at_idx" ON "image_repositories" ("next_scan_at");

CREATE TABLE "image_repository_tags" (
  "repository_id" TEXT PRIMARY KEY REFERENCES "image_repositories" ("id") ON DELETE CASCADE,
  "tags" TEXT[] NOT NULL,
  "scanned_at" TIMESTAMPTZ(3) NOT NULL
);

-- ImagePolicies: evaluated by the hub whenever their repository's tags or their own spec change.
CREATE TABLE "image_policies" (
  "id" TEXT PRIMARY KEY,
  "namespace" TEXT NOT NULL DEFAULT 'flotilla-system',
  "name" TEXT NOT NULL,
  "repository_namespace" TEXT NOT NULL,
  "repository_name" TEXT NOT NULL,
  "policy" JSONB NOT NULL,
  "filter_tags" JSONB,
  "digest_reflection_policy" TEXT NOT NULL DEFAULT 'Never',
  "interval" TEXT,
  "suspend" BOOLEAN NOT NULL DEFAULT false,
  "generation" INTEGER NOT NULL DEFAULT 1,
  "status" JSONB NOT NULL DEFAULT '{}',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "image_policies_namespace_name_key" ON "image_policies" ("namespace", "name");
CREATE INDEX "image_policies_repository_idx" ON "image_policies" ("repository_namespace", "repository_name");
