import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-error';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import { MANAGED_BY_GIT_FIELDS } from '../../fleet-sync/api/managed-by-git';
import { KUSTOMIZATION_SUMMARY_FIELDS, type KustomizationDetail } from './kustomization-types';
import type {
  GetKustomizationQuery,
  GetKustomizationQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export const GetKustomizationDocument = graphql<GetKustomizationQuery, GetKustomizationQueryVariables>(`
  query GetKustomization($id: ID!) {
    kustomization(id: $id) {
      ${KUSTOMIZATION_SUMMARY_FIELDS}
      retryInterval timeout force targetNamespace spec
      ${MANAGED_BY_GIT_FIELDS}
      labels { key value }
      dependsOn { name namespace }
      clusters {
        ready reason message lastAppliedRevision lastAttemptedRevision observedGeneration updatedAt
        cluster { id name connectionState }
        conditions { type status reason message lastTransitionTime }
        inventory { id version group kind namespace name }
      }
    }
  }
`);

export async function getKustomization(id: string): Promise<KustomizationDetail> {
  const { kustomization } = await gqlRequest(GetKustomizationDocument, { id });
  if (!kustomization) throw new ApiError('NOT_FOUND', 'This Kustomization does not exist or was deleted.');
  return kustomization;
}

export const kustomizationDetailQuery = (id: string) =>
  queryOptions({ queryKey: kustomizationKeys.detail(id), queryFn: () => getKustomization(id) });

export function useKustomization(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...kustomizationDetailQuery(id), enabled: options.enabled ?? true });
}
