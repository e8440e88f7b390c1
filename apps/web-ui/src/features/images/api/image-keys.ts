// The one query-key factory of the images feature (ImageRepositories, ImagePolicies, automations).
export const imageKeys = {
  all: ['images'] as const,
  repositories: () => [...imageKeys.all, 'repositories'] as const,
  policies: () => [...imageKeys.all, 'policies'] as const,
  automations: () => [...imageKeys.all, 'automations'] as const,
};
