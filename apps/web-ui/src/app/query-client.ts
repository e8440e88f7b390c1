import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../lib/api-error';
import { authKeys } from '../lib/auth/viewer';

// When any request finds the session gone, re-check the viewer: the auth guard then sends the user to
// the login page instead of leaving a page full of error boxes.
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error, 'UNAUTHENTICATED') && query.queryKey[0] !== authKeys.all[0]) {
          void client.invalidateQueries({ queryKey: authKeys.viewer() });
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isApiError(error, 'UNAUTHENTICATED'))
          void client.invalidateQueries({ queryKey: authKeys.viewer() });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        retry: (count, error) => !isApiError(error) || (error.code === 'NETWORK_ERROR' && count < 3),
      },
    },
  });
  return client;
}
