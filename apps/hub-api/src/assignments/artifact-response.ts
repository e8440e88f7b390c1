import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ArtifactStoreError, type ArtifactStore } from '@flotilla/git-source';
import type { JsonLogger } from '../common/logger.js';

/**
 * Streams a stored artifact (a gzipped tarball, immutable under its digest) as the answer, with its digest as
 * ETag. An artifact the store no longer holds is a 404 the caller can act on (the hub refetches the source);
 * a download cut off midway is only logged (the reader verifies the digest either way).
 */
export async function sendArtifact(store: ArtifactStore, digest: string, res: Response, log: JsonLogger, context: Record<string, string>): Promise<void> {
  let body;
  try {
    const stat = await store.stat(digest);
    body = await store.get(digest);
    res.status(200);
    res.setHeader('content-type', 'application/gzip');
    res.setHeader('etag', `"${digest}"`);
    res.setHeader('cache-control', 'private, max-age=31536000, immutable');
    if (stat) res.setHeader('content-length', String(stat.size));
  } catch (err) {
    if (err instanceof ArtifactStoreError && err.code === 'ARTIFACT_NOT_FOUND') {
      log.error('artifact named by an assignment is missing from the store', { ...context, digest });
      res.status(404).json({ error: { code: 'ARTIFACT_NOT_FOUND', message: 'the artifact is not stored on the hub (any more); the hub refetches its source' } });
      return;
    }
    throw err;
  }
  try {
    await pipeline(body, res);
  } catch (err) {
    log.warn('artifact download interrupted', { ...context, digest, error: String(err) });
  }
}
