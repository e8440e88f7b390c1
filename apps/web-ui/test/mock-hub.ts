import { vi } from 'vitest';

// A stand-in for the hub's HTTP surface in component tests: routes GraphQL by operation name and REST by
// path, records every request so tests can assert on headers and variables. (The real hub is exercised
// by e2e/walking-skeleton.e2e.test.ts.)
export interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  operationName?: string;
  variables?: Record<string, unknown>;
}

export type Reply = { status?: number; body: unknown };
export type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

export function mockHub(handlers: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
    const req: RecordedRequest = { url, headers, body };
    if (url === '/graphql') {
      const query = (body as { query: string }).query;
      req.operationName = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
      req.variables = (body as { variables?: Record<string, unknown> }).variables;
    }
    requests.push(req);
    const handler = handlers[req.operationName ?? url];
    if (!handler) throw new Error(`mockHub: no handler for ${req.operationName ?? url}`);
    const reply = await handler(req);
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}

export const gqlData = (data: unknown): Reply => ({ body: { data } });
export const gqlError = (code: string, message: string, field?: string): Reply => ({
  body: { data: null, errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] },
});
