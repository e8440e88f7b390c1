import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { startCluster, startPostgres, type TestCluster, type TestPostgres } from '@flotilla/testenv';
import { parseAllDocuments } from 'yaml';
import { spawnAgent, type AgentProcess } from './agent-process.js';
import { startHubProcess, type HubProcess } from './hub-process.js';

export const HEARTBEAT_TIMEOUT_MS = 2000;
export const hubEnv = { FLOTILLA_HEARTBEAT_TIMEOUT_MS: String(HEARTBEAT_TIMEOUT_MS), FLOTILLA_HEARTBEAT_INTERVAL_MS: '300' };

export interface ClusterState {
  connectionState: string;
  kubernetesVersion: string | null;
  agentVersion: string | null;
  nodeCount: number | null;
}

/**
 * The real hub process (Postgres, GraphQL, /api/agent/register, /agent gateway), a real kube-apiserver with
 * two kwok nodes holding deploy/agent's objects, and helpers to run agent processes against them.
 */
export class HubFixture {
  hub!: HubProcess;
  cluster!: TestCluster;
  databaseUrl!: string;
  private pg!: TestPostgres;
  private dir!: string;
  private agents: AgentProcess[] = [];

  async start(): Promise<void> {
    [this.pg, this.cluster] = await Promise.all([startPostgres(), startCluster({ nodes: 2 })]);
    this.databaseUrl = await this.pg.createDatabase();
    this.hub = await startHubProcess(this.databaseUrl, hubEnv);
    this.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'agent-hub-'));
  }

  /**
   * Applies the manifests the hub's UI shows (`agentManifests`) the way `kubectl apply -f -` would create them,
   * minus the Deployment (no container runtime here) and minus the cluster-admin reconciler binding, so the
   * agent must work with the minimal RBAC. Returns a kubeconfig for the agent's ServiceAccount.
   */
  async installAgentManifests(agentManifests: string): Promise<string> {
    const objects = parseAllDocuments(agentManifests)
      .map((d) => d.toJS() as KubernetesObject)
      .filter((o) => o.kind !== 'Deployment' && o.metadata?.name !== 'flotilla-agent-reconciler');
    const api = KubernetesObjectApi.makeApiClient(this.cluster.kubeConfig);
    for (const object of objects) await api.create(object);
    return this.cluster.kubeconfigForToken(await this.cluster.mintServiceAccountToken('flotilla-system', 'flotilla-agent'));
  }

  async restartHub(): Promise<void> {
    const port = new URL(this.hub.url).port;
    await this.hub.stop();
    this.hub = await startHubProcess(this.databaseUrl, { ...hubEnv, FLOTILLA_PORT: port });
  }

  async stopHub(): Promise<string> {
    const port = new URL(this.hub.url).port;
    await this.hub.stop();
    return port;
  }

  async startHub(port: string): Promise<void> {
    this.hub = await startHubProcess(this.databaseUrl, { ...hubEnv, FLOTILLA_PORT: port });
  }

  async killAgents(): Promise<void> {
    for (const a of this.agents.splice(0)) {
      a.child.kill('SIGCONT');
      a.child.kill('SIGKILL');
      await a.exited;
    }
  }

  async stop(): Promise<void> {
    await this.killAgents();
    await this.hub?.stop();
    await this.cluster?.stop();
    await this.pg?.stop();
    if (this.dir) await fs.rm(this.dir, { recursive: true, force: true });
  }

  async newToken(input: { clusterName: string } | { clusterId: string }): Promise<{ token: string; clusterId: string; agentCommand: string; agentManifests: string }> {
    const r = await this.hub.gql<{ createRegistrationToken: { token: string; agentCommand: string; agentManifests: string; cluster: { id: string } } }>(
      'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token agentCommand agentManifests cluster { id } } }',
      { input },
    );
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    const t = r.data.createRegistrationToken;
    return { token: t.token, clusterId: t.cluster.id, agentCommand: t.agentCommand, agentManifests: t.agentManifests };
  }

  async state(clusterId: string): Promise<ClusterState> {
    const r = await this.hub.gql<{ cluster: ClusterState }>(
      'query($id: ID!) { cluster(id: $id) { connectionState kubernetesVersion agentVersion nodeCount } }',
      { id: clusterId },
    );
    return r.data!.cluster;
  }

  agent(args: string[], env: NodeJS.ProcessEnv = {}): AgentProcess {
    const a = spawnAgent(args, env);
    this.agents.push(a);
    return a;
  }

  stateFile(name: string): string {
    return path.join(this.dir, `${name}.json`);
  }
}
