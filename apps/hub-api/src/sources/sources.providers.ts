import path from 'node:path';
import type { Provider } from '@nestjs/common';
import { FsArtifactStore, type ArtifactStore } from '@flotilla/git-source';
import { loadOrCreateDevSecretKey, SecretBox } from '../common/secret-box.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { sourceUrlPolicyFor, type SourceUrlPolicy } from './git/source-url-policy.js';

/** DI token of the hub's ArtifactStore (filesystem by default; an S3-compatible store implements the same port). */
export const ARTIFACT_STORE = Symbol('ArtifactStore');
/** DI token of the SecretBox that seals git credentials. */
export const SECRET_BOX = Symbol('SecretBox');
/** DI token of the SourceUrlPolicy: which hosts sources may be fetched from. */
export const SOURCE_URL_POLICY = Symbol('SourceUrlPolicy');

export type { ArtifactStore };

export const sourcesProviders: Provider[] = [
  {
    provide: ARTIFACT_STORE,
    inject: [HUB_CONFIG],
    useFactory: (config: HubConfig): ArtifactStore =>
      new FsArtifactStore(config.sources?.artifactsDir ?? path.join(config.db.dataDir, 'artifacts')),
  },
  {
    provide: SECRET_BOX,
    inject: [HUB_CONFIG, JsonLogger],
    useFactory: async (config: HubConfig, log: JsonLogger): Promise<SecretBox> => {
      if (config.sources?.secretKey) return SecretBox.fromBase64(config.sources.secretKey);
      // Several replicas on one external database would each invent a different key and fail to open each
      // other's credentials: say so instead of failing later with DECRYPT_FAILED.
      if (config.db.url) log.warn('FLOTILLA_SECRET_KEY is not set: using a key kept in the data directory; every hub replica needs the same key', { dataDir: config.db.dataDir });
      return SecretBox.fromBase64(await loadOrCreateDevSecretKey(config.db.dataDir));
    },
  },
  {
    provide: SOURCE_URL_POLICY,
    inject: [HUB_CONFIG, JsonLogger],
    useFactory: (config: HubConfig, log: JsonLogger): SourceUrlPolicy => {
      const policy = sourceUrlPolicyFor(config.http, { allowHosts: config.sources?.allowHosts, denyHosts: config.sources?.denyHosts });
      log.info('source URL policy: public addresses, plus these', policy.describe());
      return policy;
    },
  },
];
