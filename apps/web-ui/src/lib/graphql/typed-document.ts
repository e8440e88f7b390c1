// Hand-typed GraphQL documents: the source text plus phantom result and variable types. A test validates
// every document against the hub's committed schema.gql, so a typo or a removed field fails `pnpm test`
// instead of the browser.
export interface TypedDocument<TResult, TVariables> {
  readonly kind: 'TypedDocument';
  readonly source: string;
  readonly __result?: TResult;
  readonly __variables?: TVariables;
}

export function graphql<TResult, TVariables = Record<string, never>>(
  source: string,
): TypedDocument<TResult, TVariables> {
  return { kind: 'TypedDocument', source };
}

export function isTypedDocument(value: unknown): value is TypedDocument<unknown, unknown> {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'TypedDocument'
  );
}
