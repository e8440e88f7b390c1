// The one query-key factory of the people feature (users, teams and API tokens).
export const peopleKeys = {
  all: ['people'] as const,
  users: () => [...peopleKeys.all, 'users'] as const,
  teams: () => [...peopleKeys.all, 'teams'] as const,
  tokenLists: () => [...peopleKeys.all, 'tokens'] as const,
  /** `userId` undefined: the viewer's own tokens. */
  tokens: (userId?: string) => [...peopleKeys.tokenLists(), userId ?? 'mine'] as const,
};
