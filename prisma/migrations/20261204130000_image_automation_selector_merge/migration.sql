-- ImagePolicy labels (what an automation's policySelector matches), the automation's policySelector
-- (a label selector in Kubernetes' string form; null: every policy of its namespace) and how a proposal
-- reaches the base branch: fast-forward (default) or a merge commit.
ALTER TABLE image_policies ADD COLUMN labels JSONB NOT NULL DEFAULT '{}';
ALTER TABLE image_update_automations ADD COLUMN policy_selector TEXT;
ALTER TABLE image_update_automations ADD COLUMN merge_strategy TEXT NOT NULL DEFAULT 'fast-forward';
