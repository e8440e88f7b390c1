-- Where a FleetSync's proposed edits are reviewed besides the hub, as for an image update automation: native (the
-- hub only), or a pull request at GitHub, GitLab or Gitea. The API URL and repository are null when derived from
-- the GitRepository URL; the token is sealed with the hub's SecretBox, bound to the FleetSync row.
ALTER TABLE fleet_syncs ADD COLUMN provider TEXT NOT NULL DEFAULT 'native';
ALTER TABLE fleet_syncs ADD COLUMN provider_api_url TEXT;
ALTER TABLE fleet_syncs ADD COLUMN provider_repository TEXT;
ALTER TABLE fleet_syncs ADD COLUMN provider_token_sealed TEXT;
