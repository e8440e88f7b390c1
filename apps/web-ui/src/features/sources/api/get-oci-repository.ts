import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-error';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import { MANAGED_BY_GIT_FIELDS } from '../../fleet-sync/api/managed-by-git';
import { OCI_REPOSITORY_SUMMARY_FIELDS, type OciRepositoryDetail } from './oci-repository-types';
import type {
  GetOciRepositoryQuery,
  GetOciRepositoryQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export const GetOciRepositoryDocument = graphql<GetOciRepositoryQuery, GetOciRepositoryQueryVariables>(`
  query GetOciRepository($id: ID!) {
    ociRepository(id: $id) {
      ${OCI_REPOSITORY_SUMMARY_FIELDS}
      generation observedGeneration
      labels { key value }
      verifyPublicKeys { name pem }
      ${MANAGED_BY_GIT_FIELDS}
      kustomizations {
        id name path suspend
        clusters { ready }
      }
    }
  }
`);

export async function getOciRepository(id: string): Promise<OciRepositoryDetail> {
  const { ociRepository } = await gqlRequest(GetOciRepositoryDocument, { id });
  if (!ociRepository) throw new ApiError('NOT_FOUND', 'This OCIRepository does not exist or was deleted.');
  return ociRepository;
}

export const ociRepositoryDetailQuery = (id: string) =>
  queryOptions({ queryKey: sourceKeys.ociDetail(id), queryFn: () => getOciRepository(id) });

export function useOciRepository(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...ociRepositoryDetailQuery(id), enabled: options.enabled ?? true });
}
