import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, type Me } from './api.ts';

export const ME_KEY = ['auth', 'me'] as const;

/** Who is logged in: `null` when the server answers 401. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api<Me>('/auth/me');
      } catch (error) {
        if (isApiError(error, 401)) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationKey: ['login'],
    mutationFn: (credentials: { username: string; password: string }) =>
      api<{ user: Me }>('/auth/login', { method: 'POST', json: credentials }),
    onSuccess: ({ user }) => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, user);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      // Forget the user first (the page switches to the login form), then everything they loaded.
      // (clear() would detach the mounted `me` observer from the cache and the page would not notice.)
      client.setQueryData(ME_KEY, null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      window.location.hash = '#/';
    },
  });
}
