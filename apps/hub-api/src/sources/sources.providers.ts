import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Provider } from '@nestjs/common';
import { FsArtifactStore, type ArtifactStore } from '@flotilla/git-source';
import { loadOrCreateDevSecretKey, SecretBox } from '../common/secret-box.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { sourceUrlPolicyFor, type SourceUrlPolicy } from './git/source-url-policy.js';

/** DI token of the hub's ArtifactStore (filesystem by default, or an S3-compatible bucket). */
export const ARTIFACT_STORE = Symbol('ArtifactStore');
/** DI token of the SecretBox that seals git credentials. */
export const SECRET_BOX = Symbol('SecretBox');
/** DI token of the SourceUrlPolicy: which hosts sources may be fetched from. */
export const SOURCE_URL_POLICY = Symbol('SourceUrlPolicy');

export type { ArtifactStore };

export const sourcesProviders: Provider[] = [
  {
    provide: ARTIFACT_STORE,
    inject: [HUB_CONFIG, JsonLogger],
    useFactory: async (config: HubConfig, log: JsonLogger): Promise<ArtifactStore> => {
      const s3 = config.sources?.s3;
      if (!s3) return new FsArtifactStore(config.sources?.artifactsDir ?? path.join(config.db.dataDir, 'artifacts'));
      // Loaded only when configured: the AWS SDK is large, and a hub on its data directory never needs it.
      const { S3ArtifactStore, parseS3CredentialsFile } = await import('../artifacts/s3-artifact-store.js');
      const credentials = s3.credentialsFile ? parseS3CredentialsFile(await readFile(s3.credentialsFile, 'utf8'), s3.credentialsFile) : s3.credentials;
      const store = new S3ArtifactStore({ config: s3, credentials });
      await store.check();
      // Where, never with what key.
      log.info('artifacts in S3', { bucket: s3.bucket, endpoint: s3.endpoint ?? 'AWS', region: s3.region, prefix: s3.prefix, credentials: s3.credentialsFile ? 'file' : credentials ? 'environment' : 'default chain' });
      return store;
    },
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
