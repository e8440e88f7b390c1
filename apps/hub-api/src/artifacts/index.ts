export { ArtifactStoreError, artifactKey, artifactUrlPath, digestHex, isDigest, type ArtifactStore, type ArtifactStoreErrorCode, type ListedArtifact, type PutOptions, type StoredArtifact } from './artifact-store.js';
export { FsArtifactStore } from './fs-artifact-store.js';
export { collectGarbage, defaultArtifactsToKeep, type ArtifactRecord, type GcInput, type GcResult } from './artifact-gc.js';
