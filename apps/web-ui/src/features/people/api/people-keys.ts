// The one query-key factory of the people feature (users and API tokens).
export const peopleKeys = {
  all: ['people'] as const,
  users: () => [...peopleKeys.all, 'users'] as const,
  tokenLists: () => [...peopleKeys.all, 'tokens'] as const,
  /** `userId` undefined: the viewer's own tokens. */
  tokens: (userId?: string) => [...peopleKeys.tokenLists(), userId ?? 'mine'] as const,
};
