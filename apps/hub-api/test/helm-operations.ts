/** The GraphQL operations the Helm integration tests send, selecting `repoFields` of repositories and `relFields` of releases. */
export function helmOperations(repoFields: string, relFields: string) {
  return {
    createRepo: `mutation($input: HelmRepositoryInput!) { createHelmRepository(input: $input) { ${repoFields} } }`,
    updateRepo: `mutation($id: ID!, $input: HelmRepositoryInput!) { updateHelmRepository(id: $id, input: $input) { ${repoFields} } }`,
    getRepo: `query($id: ID!) { helmRepository(id: $id) { ${repoFields} } }`,
    reconcileRepo: `mutation($id: ID!) { reconcileHelmRepository(id: $id) }`,
    createRel: `mutation($input: HelmReleaseInput!) { createHelmRelease(input: $input) { ${relFields} } }`,
    updateRel: `mutation($id: ID!, $input: HelmReleaseInput!) { updateHelmRelease(id: $id, input: $input) { ${relFields} } }`,
    getRel: `query($id: ID!) { helmRelease(id: $id) { ${relFields} } }`,
  };
}
