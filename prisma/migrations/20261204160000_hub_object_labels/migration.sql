-- metadata.labels of the hub's own GitRepositories and Kustomizations: what a Receiver's resources select with
-- matchLabels, and what an Alert's matchLabels read for the Kustomizations the hub places (their in-cluster
-- copies carry only the hub's owner label).
ALTER TABLE "git_repositories" ADD COLUMN "labels" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "kustomizations" ADD COLUMN "labels" JSONB NOT NULL DEFAULT '{}';
