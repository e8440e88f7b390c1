import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import type {
  KustomizationSourceOptionsQuery,
  KustomizationSourceOptionsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

/** A source a hub Kustomization can build: the hub's GitRepositories and OCIRepositories. */
export type SourceOption = KustomizationSourceOptionsQuery['gitRepositories'][number] & {
  kind: 'GitRepository' | 'OCIRepository';
};

// The form's source picker: only what the picker shows, not the sources feature's queries.
export const KustomizationSourceOptionsDocument = graphql<
  KustomizationSourceOptionsQuery,
  KustomizationSourceOptionsQueryVariables
>(`
  query KustomizationSourceOptions {
    gitRepositories {
      id
      namespace
      name
      url
      ready
    }
    ociRepositories {
      id
      namespace
      name
      url
      ready
    }
  }
`);

export const sourceOptionsQuery = () =>
  queryOptions({
    queryKey: kustomizationKeys.sourceOptions(),
    queryFn: async (): Promise<SourceOption[]> => {
      const data = await gqlRequest(KustomizationSourceOptionsDocument);
      return [
        ...data.gitRepositories.map((s) => ({ ...s, kind: 'GitRepository' as const })),
        ...data.ociRepositories.map((s) => ({ ...s, kind: 'OCIRepository' as const })),
      ];
    },
  });

export function useSourceOptions() {
  return useQuery(sourceOptionsQuery());
}

/** The source's page in the UI. */
export const sourceHref = (s: SourceOption): string =>
  s.kind === 'OCIRepository' ? `/sources/oci/${s.id}` : `/sources/${s.id}`;
