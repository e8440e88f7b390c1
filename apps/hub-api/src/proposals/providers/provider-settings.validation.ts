import { badInput } from '../../common/domain-error.js';
import { FORGE_NAMES, isProviderKind, type ProviderKind } from './proposal-provider.js';

export interface ProviderSettingsInput {
  provider?: string | null;
  providerApiUrl?: string | null;
  providerRepository?: string | null;
  providerToken?: string | null;
}

export interface ProviderSettings {
  provider: ProviderKind;
  providerApiUrl: string | null;
  providerRepository: string | null;
}

/** `owner/name` (GitHub, Gitea); GitLab also takes nested groups or a numeric project id. */
const ownerName = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const gitlabProject = /^(\d+|[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+)$/;

/**
 * The pull-request provider settings of an automation or a FleetSync, checked at the edge. The token is returned
 * apart, to be sealed and never written anywhere else (audit, logs, answers). `mode` is the automation's; a
 * FleetSync's edits are always proposals.
 */
export function validateProviderSettings(input: ProviderSettingsInput, mode: string): { settings: ProviderSettings; token: string | undefined } {
  const provider = input.provider?.trim() || 'native';
  if (!isProviderKind(provider)) throw badInput('provider', 'provider: `native`, `github`, `gitlab` or `gitea`');
  if (provider !== 'native' && mode !== 'proposal') throw badInput('provider', 'provider: a forge takes proposals; push mode commits straight to the branch');
  let providerApiUrl: string | null = null;
  if (input.providerApiUrl?.trim() && provider !== 'native') {
    let url: URL;
    try {
      url = new URL(input.providerApiUrl.trim());
    } catch {
      throw badInput('providerApiUrl', 'providerApiUrl: an http(s) URL, e.g. `https://github.example.com/api/v3`');
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) throw badInput('providerApiUrl', 'providerApiUrl: an http(s) URL without credentials, query or fragment');
    providerApiUrl = url.toString().replace(/\/+$/, '');
  }
  let providerRepository: string | null = null;
  if (input.providerRepository?.trim() && provider !== 'native') {
    const repo = input.providerRepository.trim().replace(/^\/+|\/+$/g, '');
    if (!(provider === 'gitlab' ? gitlabProject : ownerName).test(repo) || repo.split('/').some((s) => s === '.' || s === '..'))
      throw badInput('providerRepository', provider === 'gitlab' ? 'providerRepository: group/project (groups may nest) or the numeric project id' : 'providerRepository: owner/name');
    providerRepository = repo;
  }
  const token = input.providerToken ?? undefined;
  if (token !== undefined && token !== '' && (token.length > 4096 || /\s/.test(token))) throw badInput('providerToken', 'providerToken: one line without spaces, at most 4096 characters');
  return { settings: { provider, providerApiUrl, providerRepository }, token };
}

/**
 * The sealed token to store for `provider`: none given keeps the `stored` one (null on create), an empty one
 * removes it, and `native` drops it. A forge left without a token is refused, naming the field.
 */
export function nextProviderToken(provider: ProviderKind, token: string | undefined, stored: string | null, seal: (token: string) => string): string | null {
  const sealed = provider === 'native' || token === '' ? null : token ? seal(token) : stored;
  if (provider !== 'native' && !sealed) throw badInput('providerToken', `providerToken: ${FORGE_NAMES[provider]} needs a token with access to the repository`);
  return sealed;
}
