import { CliError, EXIT } from './exit-codes.js';
import { exitCodeOf, type HubClient } from './hub-client.js';
import { LOGIN_HELP } from './config-store.js';

// The hub's REST endpoints the CLI reads (what GraphQL does not carry, such as artifacts), with the same
// token and the same exit codes as GraphQL answers.

async function get(hub: HubClient, path: string, body?: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${hub.login.hub}${path}`, {
      ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
      headers: { authorization: `Bearer ${hub.login.token}`, 'user-agent': 'flotilla-cli', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      signal: AbortSignal.timeout(120_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.message : String(err));
    throw new CliError(EXIT.unreachable, `cannot reach the hub at ${hub.login.hub}: ${cause}`);
  }
  if (res.ok) return res;
  let error: { code?: string; message?: string } | undefined;
  try {
    error = ((await res.json()) as { error?: typeof error }).error;
  } catch {
    // Not one of the hub's answers: a proxy's page, say.
  }
  if (!error?.message) throw new CliError(res.status === 404 ? EXIT.notFound : EXIT.failed, `${hub.login.hub}${path} answered ${res.status}`);
  const hint = error.code === 'UNAUTHENTICATED' ? ` (${LOGIN_HELP})` : '';
  throw new CliError(exitCodeOf(error.code), `${error.message}${hint}`);
}

export async function getJson<T>(hub: HubClient, path: string): Promise<T> {
  return (await (await get(hub, path)).json()) as T;
}

export async function postJson<T>(hub: HubClient, path: string, body: unknown): Promise<T> {
  return (await (await get(hub, path, body)).json()) as T;
}

export async function getBytes(hub: HubClient, path: string): Promise<Uint8Array> {
  return new Uint8Array(await (await get(hub, path)).arrayBuffer());
}
