import { ociRepositorySpec, type OciRepositorySpec } from '@flotilla/protocol/flux';
import type {
  GetOciRepositoryQuery,
  ListOciRepositoriesQuery,
} from '../../../lib/graphql/operation-types.gen';

export type OciRepositorySummary = ListOciRepositoriesQuery['ociRepositories'][number];
export type OciRepositoryDetail = NonNullable<GetOciRepositoryQuery['ociRepository']>;

export const OCI_REPOSITORY_SUMMARY_FIELDS = `
  id namespace name url spec suspend credentialsKind hasCaCertificate hasClientCertificate ready message
  conditions { type status reason message lastTransitionTime }
  artifact { revision digest size lastUpdateTime }
  createdAt updatedAt
`;

/**
 * The stored spec read with Flux's own definition (the hub returns it as JSON with its defaults filled in).
 * Null for a spec the definition refuses, which the hub never stores; the page then shows what it can.
 */
export function ociSpecOf(spec: unknown): OciRepositorySpec | null {
  const parsed = ociRepositorySpec.safeParse(spec);
  return parsed.success ? parsed.data : null;
}

/**
 * The ref in one line, in Flux's precedence (digest over semver over tag, `latest` when none is given), the
 * one the hub pulls by.
 */
export function describeOciRef(spec: OciRepositorySpec | null): string {
  const ref = spec?.ref;
  if (ref?.digest) return `digest ${ref.digest.slice(0, 19)}…`;
  if (ref?.semver) return `semver ${ref.semver}${ref.semverFilter ? ` (filter ${ref.semverFilter})` : ''}`;
  return `tag ${ref?.tag || 'latest'}`;
}
