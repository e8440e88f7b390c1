import { Inject, Injectable } from '@nestjs/common';
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
import { FORGE_NAMES, isProviderKind, type ProposalProvider } from './proposal-provider.js';

/** Whose provider settings these are: an image update automation, or a FleetSync for its proposed edits. */
export interface ForgeOwner {
  kind: 'ImageUpdateAutomation' | 'FleetSync';
  id: string;
}

/** The provider settings as stored on the owner's row. */
export interface ProviderSettingsRow {
  owner: ForgeOwner;
  provider: string;
  providerApiUrl: string | null;
  providerRepository: string | null;
  providerTokenSealed: string | null;
}

/** The sealed forge token is bound to its owner's row, as registry credentials are to theirs. */
export const forgeTokenContext = (owner: ForgeOwner): string => (owner.kind === 'FleetSync' ? `fleetSync:${owner.id}` : `imageUpdateAutomation:${owner.id}`);

/** How messages name the owner: "the automation", "the FleetSync". */
export const ownerNoun = (owner: ForgeOwner): string => (owner.kind === 'FleetSync' ? 'the FleetSync' : 'the automation');

export interface ResolvedProvider {
  provider: ProposalProvider;
  /** The most characters the forge takes in a description or a comment. */
  maxBody: number;
}

/** The provider an owner's proposals go through, with its forge's API, repository and token. */
@Injectable()
export class ProposalProviders {
  constructor(
    private readonly remotes: GitRemotes,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
  ) {}

  /** Throws a ForgeError naming what is missing (repository, API URL, token); never the token itself. */
  forSettings(settings: ProviderSettingsRow, source: GitRepositoryRow): ResolvedProvider {
    const kind = isProviderKind(settings.provider) ? settings.provider : 'native';
    if (kind === 'native') return { provider: new NativeProvider(this.remotes.remoteFor(source)), maxBody: Number.POSITIVE_INFINITY };
    const forge = FORGE_NAMES[kind];
    const identity = forgeIdentity(kind, source.url, { apiUrl: settings.providerApiUrl, repository: settings.providerRepository });
    if ('error' in identity) throw new ForgeError(null, `${forge}: ${identity.error}`);
    if (!settings.providerTokenSealed) throw new ForgeError(null, `${forge}: ${ownerNoun(settings.owner)} has no providerToken; set one with access to ${identity.repository}`);
    const token = this.box.open(settings.providerTokenSealed, forgeTokenContext(settings.owner));
    const checkHost = (url: URL): Promise<void> => this.policy.assertReachable(url);
    const headers = kind === 'github' ? githubHeaders(token) : kind === 'gitlab' ? gitlabHeaders(token) : giteaHeaders(token);
    const http = forgeHttp({ forge, tokenOwner: ownerNoun(settings.owner), apiUrl: identity.apiUrl, token, checkHost, ...headers });
    if (kind === 'github') return { provider: new GithubProvider(http, identity.repository), maxBody: GITHUB_MAX_BODY };
    if (kind === 'gitlab') return { provider: new GitlabProvider(http, identity.repository), maxBody: GITLAB_MAX_BODY };
    return { provider: new GiteaProvider(http, identity.repository), maxBody: GITEA_MAX_BODY };
  }
}
