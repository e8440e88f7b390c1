/** An admin's browser session on a running hub: its cookies and CSRF token, and GraphQL with them. */
export interface HubSession {
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** A browser session of `username` (the admin unless named). */
export async function loginAsAdmin(hubUrl: string, password: string, username = 'admin'): Promise<HubSession> {
  const login = await fetch(`${hubUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login as ${username} failed: ${login.status}`);
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const cookie = cookies.join('; ');
  const csrf = cookies.find((c) => c.startsWith('flotilla_csrf='))!.slice('flotilla_csrf='.length);
  return {
    async gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const res = await fetch(`${hubUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown[] };
      if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors ?? `GraphQL answered ${res.status}`));
      return body.data;
    },
  };
}

export interface RegistrationToken {
  token: string;
  agentCommand: string;
  clusterId: string;
}

export async function createRegistrationToken(session: HubSession, clusterName: string, labels: Record<string, string> = {}): Promise<RegistrationToken> {
  const { createRegistrationToken: t } = await session.gql<{ createRegistrationToken: { token: string; agentCommand: string; cluster: { id: string } } }>(
    'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token agentCommand cluster { id } } }',
    { input: { clusterName, labels: Object.entries(labels).map(([key, value]) => ({ key, value })) } },
  );
  return { token: t.token, agentCommand: t.agentCommand, clusterId: t.cluster.id };
}
