import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from '../http';
import { authKeys, type Viewer } from './viewer';

export interface LoginInput {
  username: string;
  password: string;
}

export async function login(input: LoginInput): Promise<Viewer> {
  const body = await postJson<{ user: Viewer }>('/api/auth/login', input);
  return body.user;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (user) => {
      // A new session sees different data: start from a clean cache with the new viewer in it.
      queryClient.clear();
      queryClient.setQueryData(authKeys.viewer(), user);
    },
  });
}
