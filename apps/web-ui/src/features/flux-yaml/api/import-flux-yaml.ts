import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { ImportFluxYamlMutation, ImportFluxYamlMutationVariables } from '../../../lib/graphql/operation-types.gen';

export const ImportFluxYamlDocument = graphql<ImportFluxYamlMutation, ImportFluxYamlMutationVariables>(`
  mutation ImportFluxYaml($yaml: String!, $dryRun: Boolean) {
    importFluxYaml(yaml: $yaml, dryRun: $dryRun) {
      applied
      objects {
        kind
        namespace
        name
        action
        document
        placement {
          clusterSelector
          clusterNames
        }
        notes
      }
      problems {
        document
        line
        kind
        name
        field
        message
      }
    }
  }
`);

export type FluxYamlImport = ImportFluxYamlMutation['importFluxYaml'];

export async function importFluxYaml(vars: { yaml: string; dryRun: boolean }): Promise<FluxYamlImport> {
  return (await gqlRequest(ImportFluxYamlDocument, vars)).importFluxYaml;
}

export function useImportFluxYaml() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importFluxYaml,
    // An import writes sources and Kustomizations, which other features list; their key factories are theirs
    // to own, so every query is refetched once after a written import.
    onSuccess: (result) => (result.applied ? queryClient.invalidateQueries() : undefined),
  });
}
