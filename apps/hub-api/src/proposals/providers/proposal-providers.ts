import { Inject, Injectable } from '@nestjs/common';
import type { ImageUpdateAutomation } from '@flotilla/prisma/client';
import type { SecretBox } from '../../common/secret-box.js';
import type { SourceUrlPolicy } from '../../sources/git/source-url-policy.js';
import type { GitRepositoryRow } from '../../sources/git-repositories.repository.js';
import { SECRET_BOX, SOURCE_URL_POLICY } from '../../sources/sources.providers.js';
import { GitRemotes } from '../git-remotes.js';
import { ForgeError, forgeHttp } from './forge-http.js';
import { forgeIdentity } from './forge-identity.js';
import { GITEA_MAX_BODY, giteaHeaders, GiteaProvider } from './gitea-provider.js';
import { GITHUB_MAX_BODY, githubHeaders, GithubProvider } from './github-provider.js';
import { GITLAB_MAX_BODY, gitlabHeaders, GitlabProvider } from './gitlab-provider.js';
import { NativeProvider } from './native-provider.js';
import { isProviderKind, type ProposalProvider } from './proposal-provider.js';

/** The sealed forge token is bound to its automation row, as registry credentials are to theirs. */
export const forgeTokenContext = (automationId: string): string => `imageUpdateAutomation:${automationId}`;

export const FORGE_NAMES = { github: 'GitHub', gitlab: 'GitLab', gitea: 'Gitea' } as const;

export interface ResolvedProvider {
  provider: ProposalProvider;
  /** The most characters the forge takes in a description or a comment. */
  maxBody: number;
}

/** The provider an automation's proposals go through, with its forge's API, repository and token. */
@Injectable()
export class ProposalProviders {
  constructor(
    private readonly remotes: GitRemotes,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
  ) {}

  /** Throws a ForgeError naming what is missing (repository, API URL, token); never the token itself. */
  forAutomation(automation: Pick<ImageUpdateAutomation, 'id' | 'provider' | 'providerApiUrl' | 'providerRepository' | 'providerTokenSealed'>, source: GitRepositoryRow): ResolvedProvider {
    const kind = isProviderKind(automation.provider) ? automation.provider : 'native';
    if (kind === 'native') return { provider: new NativeProvider(this.remotes.remoteFor(source)), maxBody: Number.POSITIVE_INFINITY };
    const forge = FORGE_NAMES[kind];
    const identity = forgeIdentity(kind, source.url, { apiUrl: automation.providerApiUrl, repository: automation.providerRepository });
    if ('error' in identity) throw new ForgeError(null, `${forge}: ${identity.error}`);
    if (!automation.providerTokenSealed) throw new ForgeError(null, `${forge}: the automation has no providerToken; set one with access to ${identity.repository}`);
    const token = this.box.open(automation.providerTokenSealed, forgeTokenContext(automation.id));
    const checkHost = (url: URL): Promise<void> => this.policy.assertReachable(url);
    const headers = kind === 'github' ? githubHeaders(token) : kind === 'gitlab' ? gitlabHeaders(token) : giteaHeaders(token);
    const http = forgeHttp({ forge, apiUrl: identity.apiUrl, token, checkHost, ...headers });
    if (kind === 'github') return { provider: new GithubProvider(http, identity.repository), maxBody: GITHUB_MAX_BODY };
    if (kind === 'gitlab') return { provider: new GitlabProvider(http, identity.repository), maxBody: GITLAB_MAX_BODY };
    return { provider: new GiteaProvider(http, identity.repository), maxBody: GITEA_MAX_BODY };
  }
}
