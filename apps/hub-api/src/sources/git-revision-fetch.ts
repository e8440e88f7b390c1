import { Inject, Injectable } from '@nestjs/common';
import { createGitTransport, describeRef, effectiveRef, reconcileGitRepository, type GitTransport } from '@flotilla/git-source';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { JsonLogger } from '../common/logger.js';
import type { SecretBox } from '../common/secret-box.js';
import { CapturedArtifactStore } from './captured-artifact-store.js';
import type { GitRepositoryRow } from './git-repositories.repository.js';
import { specOfRowAtRef } from './git-repository.validation.js';
import { openGitSecret } from './git/git-credentials.sealed.js';
import type { SourceUrlPolicy } from './git/source-url-policy.js';
import { hubGitSecret } from './source-reconciler.js';
import { SECRET_BOX, SOURCE_URL_POLICY } from './sources.providers.js';

/** How many revision fetches one hub process runs at once; more are refused, not queued. */
export const revisionFetchesAtOnce = 2;

export interface FetchedRevision {
  /** Flux's revision string for what was checked out (`v1.0.0@sha1:…`, `sha1:…`). */
  revision: string;
  digest: string;
  bytes: Buffer;
}

/**
 * Fetches another revision of a stored GitRepository with the engine and settings its reconciles use (URL
 * policy, sealed credentials, ignore rules, timeout), for a preview: the artifact is captured in memory and
 * nothing is written, so the source's status, artifact records and the clusters' assignments stay as they are.
 */
@Injectable()
export class GitRevisionFetch {
  private readonly transport: GitTransport;
  private running = 0;

  constructor(
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly log: JsonLogger,
    @Inject(SOURCE_URL_POLICY) policy: SourceUrlPolicy,
  ) {
    this.transport = createGitTransport({ guard: policy });
  }

  /** BAD_USER_INPUT for a ref the GitRepository schema refuses; SOURCE_FETCH_FAILED with the engine's message. */
  async fetch(row: GitRepositoryRow, ref: unknown, context: Record<string, string>): Promise<FetchedRevision> {
    const spec = specOfRowAtRef(row, ref);
    // Each fetch clones and archives in this process: a bound keeps viewers from making the hub fetch without limit.
    if (this.running >= revisionFetchesAtOnce) {
      throw new DomainError('TOO_MANY_FETCHES', `the hub is already fetching ${revisionFetchesAtOnce} revisions for previews; try again in a moment`);
    }
    this.running += 1;
    try {
      const store = new CapturedArtifactStore();
      const result = await reconcileGitRepository({
        spec,
        store,
        artifactUrl: () => '',
        clock: this.clock,
        transport: this.transport,
        namespace: row.namespace,
        // The sealed value is bound to its row, as in the source's own reconciles.
        secrets: async () => (row.credentialsSealed ? hubGitSecret(openGitSecret(this.box, row.credentialsSealed, `source:${row.id}`)) : undefined),
      });
      const artifact = result.status.artifact;
      const bytes = store.artifact?.bytes;
      const fields = { ...context, source: `${row.namespace}/${row.name}`, ref: describeRef(effectiveRef(spec.ref)), ...result.timings };
      if (result.outcome === 'failed' || !artifact || !bytes) {
        // Engine messages name the URL without user-info and the ref; never credentials.
        const message = result.event?.message ?? 'the revision could not be fetched';
        this.log.warn('revision fetch for a preview failed', { ...fields, message });
        throw new DomainError('SOURCE_FETCH_FAILED', message);
      }
      this.log.info('revision fetched for a preview', { ...fields, revision: artifact.revision, size: artifact.size });
      return { revision: artifact.revision, digest: artifact.digest, bytes };
    } finally {
      this.running -= 1;
    }
  }
}
