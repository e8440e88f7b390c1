-- ImageUpdateAutomations: which hub GitRepository to update, where, how to commit, and whether to push to
-- the branch (Flux's behaviour) or to open an UpdateProposal that people approve.
CREATE TABLE "image_update_automations" (
  "id" TEXT PRIMARY KEY,
  "namespace" TEXT NOT NULL DEFAULT 'flotilla-system',
  "name" TEXT NOT NULL,
  "source_namespace" TEXT NOT NULL,
  "source_name" TEXT NOT NULL,
  "checkout_branch" TEXT,
  "push_branch" TEXT,
  "author_name" TEXT NOT NULL,
  "author_email" TEXT NOT NULL,
  "message_template" TEXT,
  "update_path" TEXT NOT NULL DEFAULT './',
  "mode" TEXT NOT NULL DEFAULT 'proposal',
  "required_approvals" INTEGER NOT NULL DEFAULT 1,
  "approver_team" TEXT,
  "interval" TEXT NOT NULL DEFAULT '1m',
  "suspend" BOOLEAN NOT NULL DEFAULT false,
  "generation" INTEGER NOT NULL DEFAULT 1,
  "status" JSONB NOT NULL DEFAULT '{}',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "image_update_automations_namespace_name_key" ON "image_update_automations" ("namespace", "name");

-- UpdateProposals: an automation's commit on its own branch, waiting for approval before it reaches the base.
CREATE TABLE "update_proposals" (
  "id" TEXT PRIMARY KEY,
  "automation_id" TEXT NOT NULL REFERENCES "image_update_automations" ("id") ON DELETE CASCADE,
  "state" TEXT NOT NULL DEFAULT 'open',
  "base_branch" TEXT NOT NULL,
  "head_branch" TEXT NOT NULL,
  "base_commit" TEXT NOT NULL,
  "head_commit" TEXT NOT NULL,
  "message" TEXT NOT NULL,
  -- [{ path, diff }] unified diffs of the changed files
  "files" JSONB NOT NULL,
  -- [{ file, object, setter, policy, oldValue, newValue }]
  "image_changes" JSONB NOT NULL,
  -- [{ kustomization, cluster, added, changed: [{ object, fields }], removed, error }] both revisions rendered per targeted cluster
  "cluster_diffs" JSONB NOT NULL DEFAULT '[]',
  -- sha256 of the file and cluster diffs: approvals are reset when it changes
  "diff_digest" TEXT NOT NULL,
  -- [{ userId, username, comment, at }]
  "approvals" JSONB NOT NULL DEFAULT '[]',
  "rejected_reason" TEXT,
  "merged_commit" TEXT,
  "closed_by" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "closed_at" TIMESTAMPTZ(3)
);
CREATE INDEX "update_proposals_automation_id_idx" ON "update_proposals" ("automation_id");
-- One proposal in flight per automation: a newer tag updates it instead of opening another.
CREATE UNIQUE INDEX "update_proposals_one_open_key" ON "update_proposals" ("automation_id") WHERE "state" IN ('open', 'approved', 'conflicted');
