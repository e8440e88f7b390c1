export { pushArtifact, pullArtifact, type PushArtifactInput, type PullArtifactInput, type PulledArtifact, type PulledBlob, type BlobInput } from './client.js';
export { isDigest, sha256Digest, verifyContent } from './digest.js';
export { OciClientError, errorFromResponse } from './errors.js';
export { RegistrySession, registryBaseUrl, parseChallenge, type RegistryAuth } from './session.js';
export * from './media-types.js';
export { authFromDockerConfig, DockerConfigError } from './docker-config.js';
