import type { ProviderKind } from './proposal-provider.js';

export interface ForgeIdentity {
  apiUrl: string;
  repository: string;
}

/** Where each forge serves its REST API on a self-hosted instance, below the instance's origin. */
const API_PREFIX: Record<Exclude<ProviderKind, 'native'>, string> = { github: '/api/v3', gitlab: '/api/v4', gitea: '/api/v1' };

/**
 * The forge's API URL and repository from a GitRepository URL, where the URL says them unambiguously:
 * `https://HOST/owner/name(.git)` (GitLab: any group depth). github.com's API is api.github.com; any other host
 * serves the forge's API below its origin. Set values win; what cannot be derived is reported.
 */
export function forgeIdentity(kind: Exclude<ProviderKind, 'native'>, sourceUrl: string, set: { apiUrl: string | null; repository: string | null }): ForgeIdentity | { error: string } {
  let url: URL | undefined;
  try {
    url = /^https?:\/\//.test(sourceUrl) ? new URL(sourceUrl) : undefined;
  } catch {
    url = undefined;
  }
  const path = url?.pathname.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '') ?? '';
  const segments = path ? path.split('/') : [];
  const derivedRepo = kind === 'gitlab' ? (segments.length >= 2 ? path : undefined) : segments.length === 2 ? path : undefined;
  const repository = set.repository ?? derivedRepo;
  if (!repository) return { error: `providerRepository: cannot be derived from the GitRepository URL ${sourceUrl}; set it (${kind === 'gitlab' ? 'group/project or the project id' : 'owner/name'})` };
  const derivedApi = url ? (kind === 'github' && url.hostname === 'github.com' ? 'https://api.github.com' : kind === 'gitlab' && url.hostname === 'gitlab.com' ? 'https://gitlab.com/api/v4' : `${url.origin}${API_PREFIX[kind]}`) : undefined;
  const apiUrl = set.apiUrl ?? derivedApi;
  if (!apiUrl) return { error: `providerApiUrl: cannot be derived from the GitRepository URL ${sourceUrl}; set it` };
  return { apiUrl, repository };
}
