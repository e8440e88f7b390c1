import { ApiError, errorFromBody } from './api-error';
import { csrfHeaders } from './csrf';

/** POSTs JSON with the session cookie and CSRF header; returns the parsed body or throws ApiError. */
export async function postJson<T>(url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...csrfHeaders() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', 'The hub could not be reached.');
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) throw errorFromBody(parsed, response.status);
  return parsed as T;
}
