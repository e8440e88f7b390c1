import type {
  GetGitRepositoryQuery,
  ListGitRepositoriesQuery,
} from '../../../lib/graphql/operation-types.gen';

export type GitRepositorySummary = ListGitRepositoriesQuery['gitRepositories'][number];
export type GitRepositoryDetail = NonNullable<GetGitRepositoryQuery['gitRepository']>;

export const GIT_REPOSITORY_SUMMARY_FIELDS = `
  id namespace name url interval timeout suspend credentialsKind ready
  ref { branch tag semver commit name }
  conditions { type status reason message lastTransitionTime }
  artifact { revision digest size lastUpdateTime }
  createdAt updatedAt
`;

/** The ref in one line, the way `flux get sources git` shows it. */
export function describeRef(ref: GitRepositorySummary['ref']): string {
  if (!ref) return 'default branch';
  if (ref.commit) return `commit ${ref.commit.slice(0, 12)}`;
  if (ref.name) return ref.name;
  if (ref.semver) return `semver ${ref.semver}`;
  if (ref.tag) return `tag ${ref.tag}`;
  if (ref.branch) return ref.branch;
  return 'default branch';
}

/** The Ready condition of any source's conditions. */
export function readyCondition<C extends { type: string }>(conditions: readonly C[]): C | null {
  return conditions.find((c) => c.type === 'Ready') ?? null;
}
