import { queryOptions, useQuery } from '@tanstack/react-query';
import { authKeys } from './viewer';

/** Whether the hub offers sign-in through an OpenID provider (then /api/auth/oidc/login starts it). */
export async function getOidcStatus(): Promise<{ enabled: boolean }> {
  const response = await fetch('/api/auth/oidc', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) return { enabled: false };
  const body = (await response.json()) as { enabled?: unknown };
  return { enabled: body.enabled === true };
}

export const oidcStatusQuery = () =>
  queryOptions({ queryKey: [...authKeys.all, 'oidc'] as const, queryFn: getOidcStatus, staleTime: Infinity, retry: false });

export function useOidcStatus() {
  return useQuery(oidcStatusQuery());
}
