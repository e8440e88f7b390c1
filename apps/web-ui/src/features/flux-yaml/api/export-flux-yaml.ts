import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { ExportFluxYamlQuery, ExportFluxYamlQueryVariables } from '../../../lib/graphql/operation-types.gen';

export const ExportFluxYamlDocument = graphql<ExportFluxYamlQuery, ExportFluxYamlQueryVariables>(`
  query ExportFluxYaml($kind: String, $namespace: String, $name: String) {
    exportFluxYaml(kind: $kind, namespace: $namespace, name: $name)
  }
`);

/** Fetched on demand (a click), never cached: the export is the hub's state at that moment. */
export async function exportFluxYaml(vars: ExportFluxYamlQueryVariables = {}): Promise<string> {
  return (await gqlRequest(ExportFluxYamlDocument, vars)).exportFluxYaml;
}
