import type {
  GetKustomizationQuery,
  ListKustomizationsQuery,
} from '../../../lib/graphql/operation-types.gen';

export type KustomizationSummary = ListKustomizationsQuery['kustomizations'][number];
export type KustomizationDetail = NonNullable<GetKustomizationQuery['kustomization']>;
export type KustomizationClusterRow = KustomizationDetail['clusters'][number];

export const KUSTOMIZATION_SUMMARY_FIELDS = `
  id namespace name path interval prune wait suspend generation
  sourceRef { kind name namespace }
  placement { clusterSelector clusterNames }
  clusters { ready cluster { id name } }
  createdAt updatedAt
`;
