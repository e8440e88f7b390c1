import { CliError, EXIT, type ExitCode } from './exit-codes.js';
import { LOGIN_HELP, type HubLogin } from './config-store.js';

interface GraphqlError {
  message: string;
  extensions?: { code?: string; field?: string };
}

/** How a hub error code (GraphQL's, or a REST answer's domain code) ends the command: the token's problems and missing objects have their own exit codes. */
export function exitCodeOf(code: string | undefined): ExitCode {
  switch (code) {
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
      return EXIT.unauthorized;
    case 'NOT_FOUND':
      return EXIT.notFound;
    case 'AGENT_NOT_CONNECTED':
    case 'AGENT_TIMEOUT':
    case 'AGENT_FAILED':
      return EXIT.agent;
    case 'BAD_USER_INPUT':
    case 'GRAPHQL_VALIDATION_FAILED':
      return EXIT.failed;
    default:
      // The hub's domain errors name what is missing: FLUX_OBJECT_NOT_FOUND, CLUSTER_NOT_FOUND, …
      return code?.endsWith('NOT_FOUND') ? EXIT.notFound : EXIT.failed;
  }
}

/** The hub's GraphQL API with a bearer API token; every failure becomes a CliError with its exit code. */
export class HubClient {
  constructor(readonly login: HubLogin) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.login.hub}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.login.token}`, 'user-agent': 'flotilla-cli' },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.message : String(err));
      throw new CliError(EXIT.unreachable, `cannot reach the hub at ${this.login.hub}: ${cause}`);
    }
    let body: { data?: T | null; errors?: GraphqlError[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new CliError(EXIT.unreachable, `${this.login.hub}/graphql answered ${res.status} without JSON: is this a Flotilla hub?`);
    }
    const first = body.errors?.[0];
    if (first) {
      const code = first.extensions?.code;
      const hint = code === 'UNAUTHENTICATED' ? ` (${LOGIN_HELP})` : '';
      throw new CliError(exitCodeOf(code), `${first.message}${hint}`);
    }
    if (!body.data) throw new CliError(EXIT.failed, `the hub answered ${res.status} without data`);
    return body.data;
  }
}
