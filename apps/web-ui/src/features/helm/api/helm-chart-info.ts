import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  HelmChartInfoQuery,
  HelmChartInfoQueryVariables,
  HelmValuesPreviewInput,
  HelmValuesPreviewQuery,
  HelmValuesPreviewQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

// What the values editor reads from the hub: the chart's defaults and values.schema.json (from the archive
// the hub pulls for the fleet), and the values one cluster would get (overlays merged, variables substituted).

export const HelmChartInfoDocument = graphql<HelmChartInfoQuery, HelmChartInfoQueryVariables>(`
  query HelmChartInfo($namespace: String, $repository: String!, $chart: String!, $version: String) {
    helmChartInfo(namespace: $namespace, repository: $repository, chart: $chart, version: $version) {
      chart version defaultValues valuesSchema
    }
  }
`);

export const HelmValuesPreviewDocument = graphql<HelmValuesPreviewQuery, HelmValuesPreviewQueryVariables>(`
  query HelmValuesPreview($input: HelmValuesPreviewInput!) {
    helmValuesPreview(input: $input) { clusterId clusterName values error }
  }
`);

export type HelmChartInfo = HelmChartInfoQuery['helmChartInfo'];

export function useHelmChartInfo(ref: { namespace: string | null; repository: string; chart: string; version: string }, enabled: boolean) {
  return useQuery({
    queryKey: ['hub-helm', 'chart-info', ref],
    queryFn: async () => (await gqlRequest(HelmChartInfoDocument, ref)).helmChartInfo,
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}

export function useHelmValuesPreview(input: HelmValuesPreviewInput, enabled: boolean) {
  return useQuery({
    queryKey: ['hub-helm', 'values-preview', input],
    queryFn: async () => (await gqlRequest(HelmValuesPreviewDocument, { input })).helmValuesPreview,
    enabled,
    retry: false,
    placeholderData: keepPreviousData,
  });
}
