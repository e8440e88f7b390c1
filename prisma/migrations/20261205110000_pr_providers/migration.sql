-- Where an automation's proposals live besides the hub: native (the hub only), or a pull request at
-- GitHub, GitLab or Gitea. The API URL and repository are null when derived from the GitRepository URL;
-- the token is sealed with the hub's SecretBox, bound to the automation row.
ALTER TABLE image_update_automations ADD COLUMN provider TEXT NOT NULL DEFAULT 'native';
ALTER TABLE image_update_automations ADD COLUMN provider_api_url TEXT;
ALTER TABLE image_update_automations ADD COLUMN provider_repository TEXT;
ALTER TABLE image_update_automations ADD COLUMN provider_token_sealed TEXT;
-- A proposal's pull request at the forge: its number and page, the head commit the forge was last told
-- about, and why the last call to the forge failed (kept until one succeeds; retried at the next run,
-- not before a rate limit's Retry-After).
ALTER TABLE update_proposals ADD COLUMN forge_number INTEGER;
ALTER TABLE update_proposals ADD COLUMN forge_url TEXT;
ALTER TABLE update_proposals ADD COLUMN forge_head TEXT;
ALTER TABLE update_proposals ADD COLUMN forge_error TEXT;
ALTER TABLE update_proposals ADD COLUMN forge_retry_at TIMESTAMPTZ(3);
