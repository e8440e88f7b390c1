import { ApiError, errorFromBody } from '../api-error';
import { csrfHeaders } from '../csrf';
import type { TypedDocument } from './typed-document';

export async function gqlRequest<TResult, TVariables>(
  document: TypedDocument<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...csrfHeaders() },
      body: JSON.stringify({ query: document.source, variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', 'The hub could not be reached.');
  }
  let body: { data?: TResult | null; errors?: unknown[] } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = undefined;
  }
  if (body?.errors?.length || !response.ok || !body?.data) throw errorFromBody(body, response.status);
  return body.data;
}
