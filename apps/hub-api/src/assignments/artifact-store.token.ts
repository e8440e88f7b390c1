import path from 'node:path';
import type { Provider } from '@nestjs/common';
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import { FsArtifactStore } from '../artifacts/fs-artifact-store.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';

// TEMPORARY until the sources module (branch gitops-hub) provides the hub's ArtifactStore: then this file
// re-exports its token and the assignments module imports that module instead of providing its own store.
export const ARTIFACT_STORE = Symbol('ArtifactStore');

export const artifactStoreProvider: Provider = {
  provide: ARTIFACT_STORE,
  inject: [HUB_CONFIG],
  useFactory: (config: HubConfig): ArtifactStore => new FsArtifactStore(path.join(config.db.dataDir, 'artifacts')),
};
