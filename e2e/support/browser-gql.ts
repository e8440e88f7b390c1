import type { Page } from 'playwright-core';

interface BrowserGlobals {
  document: { cookie: string };
  fetch: typeof fetch;
}

/**
 * GraphQL as the user signed in in `page` (its session cookie and CSRF header), for setup the UI covers
 * elsewhere. An answer with errors throws them.
 */
export const browserGql =
  (page: Page) =>
  async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> =>
    page.evaluate(
      async ({ query, variables }) => {
        const g = globalThis as unknown as BrowserGlobals;
        const csrf = /(?:^|;\s*)flotilla_csrf=([^;]+)/.exec(g.document.cookie)?.[1] ?? '';
        const res = await g.fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { data?: unknown; errors?: { message: string }[] };
        if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
        return body.data as T;
      },
      { query, variables },
    ) as Promise<T>;
