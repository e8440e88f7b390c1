export { pushArtifact, pullArtifact, type PushArtifactInput, type PullArtifactInput, type PulledArtifact, type PulledBlob, type BlobInput } from './client.js';
export { isDigest, sha256Digest, verifyContent } from './digest.js';
export { OciClientError, errorFromResponse } from './errors.js';
export { RegistrySession, registryBaseUrl, parseChallenge, type RegistryAuth } from './session.js';
export * from './media-types.js';
export { authFromDockerConfig, DockerConfigError } from './docker-config.js';
export { listTags, nextPageLink, type ListTagsInput, type ListedTags } from './tags.js';
export { manifestDigest, type ManifestDigestInput } from './manifest-digest.js';
