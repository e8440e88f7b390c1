import { Inject, Injectable } from '@nestjs/common';
import { OciPullFailure, pullOciArtifact, verifyOciSignature } from '@flotilla/oci-source';
import { badInput, DomainError } from '../common/domain-error.js';
import { JsonLogger } from '../common/logger.js';
import type { SecretBox } from '../common/secret-box.js';
import { CapturedArtifactStore } from '../sources/captured-artifact-store.js';
import type { FetchedRevision } from '../sources/git-revision-fetch.js';
import { revisionFetchesAtOnce } from '../sources/git-revision-fetch.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { SECRET_BOX, SOURCE_URL_POLICY } from '../sources/sources.providers.js';
import type { OciRepositoryRow } from './oci-repositories.repository.js';
import { setUpOciPull, type OciPullSetup } from './oci-pull-setup.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A pull refused by `spec.verify` (source-controller's SourceVerified=False): no artifact is made of that revision. */
export class OciVerificationFailed extends DomainError {
  constructor(message: string) {
    super('SOURCE_FETCH_FAILED', message);
  }
}

/** Checks a manifest digest's signature with the setup's `spec.verify` and stored keys: the failure's message, or undefined when it passes. */
const verifierOf =
  ({ target, session, keys }: OciPullSetup) =>
  (digest: string): Promise<string | undefined> =>
    verifyOciSignature(session, `${target.registry}/${target.repository}`, digest, { provider: target.spec.verify?.provider ?? 'cosign', hasKeys: keys.length > 0 }, () => Promise.resolve(keys));

/**
 * Pulls another revision of a stored OCIRepository (Flux's OCIRepositoryRef in place of the spec's: tag,
 * semver with semverFilter, or digest) with the settings its reconciles use (URL policy, sealed credentials
 * and TLS material, layer selector, ignore rules, timeout, and signature verification: a preview never shows
 * an artifact the source itself would refuse), for a preview: the artifact is captured in memory, and the
 * source's status, artifacts and the clusters' assignments stay as they are.
 */
@Injectable()
export class OciRevisionFetch {
  private running = 0;

  constructor(
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
    private readonly log: JsonLogger,
  ) {}

  /** BAD_USER_INPUT for a ref the OCIRepository schema refuses; SOURCE_FETCH_FAILED with the pull's message. */
  async fetch(row: OciRepositoryRow, ref: unknown, context: Record<string, string>): Promise<FetchedRevision> {
    if (!isRecord(ref) || !['tag', 'semver', 'digest'].some((k) => typeof ref[k] === 'string' && ref[k] !== '')) {
      throw badInput('ref', 'ref: give one of tag, semver (with semverFilter if you like) or digest');
    }
    const spec = { ...(isRecord(row.spec) ? row.spec : {}), ref };
    // Each pull downloads and archives in this process: a bound keeps viewers from making the hub pull without limit.
    if (this.running >= revisionFetchesAtOnce) {
      throw new DomainError('TOO_MANY_FETCHES', `the hub is already fetching ${revisionFetchesAtOnce} revisions for previews; try again in a moment`);
    }
    this.running += 1;
    try {
      const opened = await setUpOciPull(row, { box: this.box, policy: this.policy }, spec);
      if (!opened.ok) {
        if (opened.stalled) throw badInput('ref', opened.message);
        throw new DomainError('SOURCE_FETCH_FAILED', opened.message);
      }
      const { target, session } = opened.setup;
      const fields = { ...context, source: `${row.namespace}/${row.name}`, ref: JSON.stringify(target.ref) };
      const store = new CapturedArtifactStore();
      try {
        const result = await pullOciArtifact({
          target,
          session,
          contentChanged: true,
          verifyAgain: () => true,
          verify: verifierOf(opened.setup),
          store,
        });
        const captured = store.artifact;
        if (result.unchanged || !captured) throw new DomainError('SOURCE_FETCH_FAILED', 'the revision could not be fetched');
        this.log.info('revision fetched for a preview', { ...fields, revision: result.revision, size: captured.size });
        return { revision: result.revision, digest: captured.digest, bytes: captured.bytes };
      } catch (err) {
        if (err instanceof DomainError) throw err;
        // Messages name the URL and the registry's answer; never credentials.
        const message = err instanceof OciPullFailure ? err.message : `failed to pull artifact from '${target.spec.url}': ${err instanceof Error ? err.message : String(err)}`;
        this.log.warn('revision fetch for a preview failed', { ...fields, message });
        throw err instanceof OciPullFailure && err.type === 'SourceVerified' ? new OciVerificationFailed(message) : new DomainError('SOURCE_FETCH_FAILED', message);
      } finally {
        opened.setup.done();
      }
    } finally {
      this.running -= 1;
    }
  }

  /**
   * Checks an artifact's manifest digest (one the hub already pulled) against `spec` in place of the row's, as a
   * reconcile with that spec would verify it: the failure's message, or undefined when it passes. Throws
   * SOURCE_FETCH_FAILED when the registry cannot be set up for it (the spec refused, the host not allowed).
   */
  async verify(row: OciRepositoryRow, spec: unknown, digest: string): Promise<string | undefined> {
    const opened = await setUpOciPull(row, { box: this.box, policy: this.policy }, spec);
    if (!opened.ok) throw new DomainError('SOURCE_FETCH_FAILED', opened.message);
    try {
      return await verifierOf(opened.setup)(digest);
    } finally {
      opened.setup.done();
    }
  }
}
