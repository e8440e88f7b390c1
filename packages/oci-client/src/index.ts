export {
  pushArtifact,
  pullArtifact,
  resolveDigest,
  fetchManifest,
  fetchBlob,
  checkNames,
  type PushArtifactInput,
  type PullArtifactInput,
  type PulledArtifact,
  type PulledBlob,
  type BlobInput,
  type FetchedManifest,
} from './client.js';
export { listTags, nextPageLink, type ListTagsOptions, type ListedTags } from './tags.js';
export { isDigest, sha256Digest, verifyContent } from './digest.js';
export { OciClientError, errorFromResponse } from './errors.js';
export { RegistrySession, registryBaseUrl, parseChallenge, type RegistryAuth, type RegistryTls, type SessionOptions } from './session.js';
export * from './media-types.js';
export { authFromDockerConfig, DockerConfigError } from './docker-config.js';
export { tlsFailureMessage } from './tls-failure.js';
export {
  verifyCosignSignature,
  cosignSignatureTag,
  cosignSignatureAnnotation,
  cosignSimpleSigningMediaType,
  type CosignPublicKey,
  type CosignVerification,
} from './cosign.js';
