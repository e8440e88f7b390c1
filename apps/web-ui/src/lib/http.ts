import { ApiError, errorFromBody } from './api-error';
import { csrfHeaders } from './csrf';

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError('NETWORK_ERROR', 'The hub could not be reached.');
  }
}

/** The body as JSON, or undefined when it is empty or not JSON. */
async function jsonOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** POSTs JSON with the session cookie and CSRF header; returns the parsed body or throws ApiError. */
export async function postJson<T>(url: string, body?: unknown): Promise<T> {
  const response = await send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...csrfHeaders() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = await jsonOf(response);
  if (!response.ok) throw errorFromBody(parsed, response.status);
  return parsed as T;
}

/** GETs JSON with the session cookie; returns the parsed body or throws ApiError. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await send(url, { headers: { accept: 'application/json' } });
  const parsed = await jsonOf(response);
  if (!response.ok) throw errorFromBody(parsed, response.status);
  return parsed as T;
}

/** GETs bytes (an artifact) with the session cookie, or throws ApiError. */
export async function getBytes(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await send(url, { headers: { accept: 'application/octet-stream, application/json' } });
  if (!response.ok) throw errorFromBody(await jsonOf(response), response.status);
  return new Uint8Array(await response.arrayBuffer());
}

/** POSTs JSON with the session cookie and CSRF header and reads bytes back, with the answer's headers; or throws ApiError. */
export async function postForBytes(
  url: string,
  body: unknown,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; headers: Headers }> {
  const response = await send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/octet-stream, application/json', ...csrfHeaders() },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw errorFromBody(await jsonOf(response), response.status);
  return { bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers };
}
