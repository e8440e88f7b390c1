// The hub's ArtifactStore is provided by the sources module (filesystem by default, S3-compatible possible).
export { ARTIFACT_STORE } from '../sources/sources.providers.js';
