import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { renderAgentManifests } from '@flotilla/protocol/agent-manifests';
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
  /** kubeconfig of deploy/agent's ServiceAccount with its minimal RBAC (no cluster-admin reconciler binding). */
  agentKubeconfig!: string;
  private pg!: TestPostgres;
  private dir!: string;
  private agents: AgentProcess[] = [];

  async start(): Promise<void> {
    [this.pg, this.cluster] = await Promise.all([startPostgres(), startCluster({ nodes: 2 })]);
    this.databaseUrl = await this.pg.createDatabase();
    this.hub = await startHubProcess(this.databaseUrl, hubEnv);
    this.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'agent-hub-'));
    // deploy/agent's objects minus the Deployment (no container runtime here) and minus the cluster-admin
    // reconciler binding: registration and heartbeats must work with the minimal RBAC alone.
    const objects = parseAllDocuments(renderAgentManifests({ hubUrl: this.hub.url, token: 'flr_unused', image: 'flotilla/agent:0.1.0' }))
      .map((d) => d.toJS() as KubernetesObject)
      .filter((o) => o.kind !== 'Deployment' && o.metadata?.name !== 'flotilla-agent-reconciler');
    const api = KubernetesObjectApi.makeApiClient(this.cluster.kubeConfig);
    for (const object of objects) await api.create(object);
    this.agentKubeconfig = await this.cluster.kubeconfigForToken(await this.cluster.mintServiceAccountToken('flotilla-system', 'flotilla-agent'));
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

  async newToken(input: { clusterName: string } | { clusterId: string }): Promise<{ token: string; clusterId: string; agentCommand: string }> {
    const r = await this.hub.gql<{ createRegistrationToken: { token: string; agentCommand: string; cluster: { id: string } } }>(
      'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token agentCommand cluster { id } } }',
      { input },
    );
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    const t = r.data.createRegistrationToken;
    return { token: t.token, clusterId: t.cluster.id, agentCommand: t.agentCommand };
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
