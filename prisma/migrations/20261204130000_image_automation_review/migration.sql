-- ImagePolicy labels (what an automation's policySelector matches), the automation's policySelector
-- (a label selector in Kubernetes' string form; null: every policy of its namespace) and how a proposal
-- reaches the base branch: fast-forward (default) or a merge commit.
ALTER TABLE image_policies ADD COLUMN labels JSONB NOT NULL DEFAULT '{}';
ALTER TABLE image_update_automations ADD COLUMN policy_selector TEXT;
ALTER TABLE image_update_automations ADD COLUMN merge_strategy TEXT NOT NULL DEFAULT 'fast-forward';
-- A proposal's hand edits (path, content, the base they were made on, who and when), laid over the
-- automation's changes at every rebuild, and the files a rebuild found changed on the base since an edit.
ALTER TABLE update_proposals ADD COLUMN manual_edits JSONB NOT NULL DEFAULT '[]';
ALTER TABLE update_proposals ADD COLUMN conflict_files JSONB NOT NULL DEFAULT '[]';
