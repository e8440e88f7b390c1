import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from '../http';

export async function logout(): Promise<void> {
  await postJson<unknown>('/api/auth/logout');
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => queryClient.clear(),
  });
}
