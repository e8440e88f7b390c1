import { Inject, Injectable } from '@nestjs/common';
import { credentialHttpClient, isSshCredentials } from '@flotilla/git-source';
import type { SecretBox } from '../common/secret-box.js';
import { GitRepositoriesRepository, type GitRepositoryRow } from '../sources/git-repositories.repository.js';
import { openGitSecret } from '../sources/git/git-credentials.sealed.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { SourceScheduler } from '../sources/source-scheduler.js';
import { SECRET_BOX, SOURCE_URL_POLICY } from '../sources/sources.providers.js';
import type { GitRemote } from '../images/automation/git-workspace.js';

const pushTimeoutMs = 120_000;

/**
 * A hub GitRepository as something the hub writes to: its URL and an HTTP client that sends its sealed
 * credentials to that origin only, through the source host policy.
 */
@Injectable()
export class GitRemotes {
  constructor(
    private readonly sources: GitRepositoriesRepository,
    private readonly scheduler: SourceScheduler,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
  ) {}

  findSource(namespace: string, name: string): Promise<GitRepositoryRow | null> {
    return this.sources.findByName(namespace, name);
  }

  async refetch(source: GitRepositoryRow): Promise<void> {
    await this.sources.requestReconcile(source.id, new Date());
    this.scheduler.poke();
  }

  /** The branch the GitRepository follows (Flux's default `master` when none is set). */
  branchOf(source: GitRepositoryRow): string {
    const ref = source.ref as { branch?: string } | null;
    return ref?.branch ?? 'master';
  }

  remoteFor(source: GitRepositoryRow): GitRemote {
    if (!/^https?:\/\//.test(source.url)) throw new Error(`GitRepository ${source.namespace}/${source.name}: only http(s) repositories can be written to by the hub`);
    const opened = source.credentialsSealed ? openGitSecret(this.box, source.credentialsSealed, `source:${source.id}`) : undefined;
    const auth = opened?.auth;
    if (auth && isSshCredentials(auth)) throw new Error('ssh credentials cannot be used over http(s)');
    const caCert = opened?.caCert;
    return {
      url: source.url,
      http: () =>
        credentialHttpClient({ url: source.url, guard: this.policy, signal: AbortSignal.timeout(pushTimeoutMs), ...(auth ? { credentials: auth } : {}), ...(caCert ? { ca: caCert } : {}) }),
    };
  }
}
