import path from 'node:path';
import { ManagedProcess, repoRoot, type TestCluster, type TestPostgres } from '@flotilla/testenv';
import { startHub, type RunningHub } from './hub-process.js';
import { loginAsAdmin, type HubSession } from './hub-session.js';

// What the `flotilla bootstrap git` tests share: a hub with an operator token for the CLI, and the agent run as
// the process its Deployment's pod would be (the cluster's kwok nodes run no containers).

export interface BootstrapHub {
  hub: RunningHub;
  session: HubSession;
  /** FLOTILLA_HUB and FLOTILLA_TOKEN (an operator's API token) for the CLI. */
  env: Record<string, string>;
  /** An API token with the given role, for tests of refusals. */
  apiToken(name: string, role: 'OPERATOR' | 'VIEWER'): Promise<string>;
  clusters(): Promise<Array<{ name: string; labels: Array<{ key: string; value: string }>; connectionState: string }>>;
}

export async function startBootstrapHub(pg: TestPostgres): Promise<BootstrapHub> {
  const hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 10_000 });
  const session = await loginAsAdmin(hub.url, hub.adminPassword);
  const apiToken = async (name: string, role: 'OPERATOR' | 'VIEWER') =>
    (await session.gql<{ createApiToken: { token: string } }>('mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }', { input: { name, role } })).createApiToken.token;
  return {
    hub,
    session,
    env: { FLOTILLA_HUB: hub.url, FLOTILLA_TOKEN: await apiToken('bootstrap', 'OPERATOR') },
    apiToken,
    clusters: async () =>
      (
        await session.gql<{ clusters: { edges: Array<{ node: { name: string; labels: Array<{ key: string; value: string }>; connectionState: string } }> } }>(
          '{ clusters { edges { node { name labels { key value } connectionState } } } }',
        )
      ).clusters.edges.map((e) => e.node),
  };
}

/** The agent as its pod would run: the cluster's kubeconfig, the credential bootstrap stored in the cluster's Secret. */
export function startBootstrappedAgent(hubUrl: string, cluster: TestCluster, home: string): ManagedProcess {
  return ManagedProcess.start({
    name: 'agent',
    command: 'pnpm',
    args: ['--silent', 'flotilla', 'agent', '--hub', hubUrl, '--kubeconfig', cluster.kubeconfigPath, '--state', 'secret', '--namespace', 'flotilla-system', '--cache-dir', path.join(home, 'agent-cache')],
    cwd: repoRoot,
    logPath: path.join(home, 'agent.log'),
    env: { ...process.env },
  });
}
