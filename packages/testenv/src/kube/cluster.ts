import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { ensureBinaries } from '../binaries.js';
import type { ManagedProcess } from '../process/managed-process.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';
import { kwokNodeAnnotation, startApiServer, startControllerManager, startEtcd, startKwok, startScheduler, type ClusterFiles } from './components.js';
import { makeClusterPki } from './pki.js';
import { writeKubeconfig } from './kubeconfig.js';

export interface StartClusterOptions {
  name?: string;
  // Fake kwok nodes that pods are scheduled onto (default 2).
  nodes?: number;
}

export interface TestCluster {
  name: string;
  server: string;
  dir: string;
  kubeconfigPath: string;
  kubeConfig: k8s.KubeConfig;
  // The component logs, for a failing test to print.
  logs(): Record<string, string>;
  // A running component, for tests of what happens when one of them dies.
  component(name: 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok'): ManagedProcess;
  mintServiceAccountToken(namespace: string, serviceAccount: string, opts?: { expirationSeconds?: number }): Promise<string>;
  kubeconfigForToken(token: string, opts?: { namespace?: string }): Promise<string>;
  /** Stops kube-apiserver alone (etcd and the other components keep running): clients see a broken connection. */
  stopApiServer(): Promise<void>;
  /** Starts the stopped kube-apiserver again on the same address, and waits until it is ready. */
  startApiServer(): Promise<void>;
  /**
   * A second kube-apiserver on the same etcd, with an admin kubeconfig: objects can change through it while the
   * first one is down, as in a cluster with several API servers. Stopped with the cluster.
   */
  startExtraApiServer(): Promise<{ server: string; kubeconfigPath: string; kubeConfig: k8s.KubeConfig; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

let clusterCounter = 0;

function fakeNode(name: string): k8s.V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [kwokNodeAnnotation]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
    },
    spec: {},
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
      capacity: { cpu: '32', memory: '256Gi', pods: '110' },
      nodeInfo: {
        architecture: 'amd64', bootID: '', containerRuntimeVersion: 'kwok', kernelVersion: '', kubeProxyVersion: 'kwok',
        kubeletVersion: 'kwok', machineID: '', operatingSystem: 'linux', osImage: '', systemUUID: '',
      },
    },
  };
}

// A real control plane: etcd, kube-apiserver, kube-controller-manager and kube-scheduler from the
// Kubernetes build, and kwok for fake nodes whose pods become Running without containers. Deployments
// really roll out: the controller-manager makes ReplicaSets and pods, the scheduler binds them to the kwok
// nodes, and kwok moves them through their phases.
export async function startCluster(opts: StartClusterOptions = {}): Promise<TestCluster> {
  await ensureBinaries(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']);
  const name = opts.name ?? `testenv-${process.pid}-${++clusterCounter}`;
  const dir = await makeTempDir(`cluster-${name}`);
  const processes: ManagedProcess[] = [];
  const stop = async () => {
    for (const p of [...processes].reverse()) await p.stop();
    await removeDir(dir);
  };
  try {
    const pki = await makeClusterPki(dir);
    const etcd = await startEtcd(dir);
    processes.push(etcd.process);
    const adminKubeconfig = path.join(dir, 'admin.kubeconfig');
    const files: ClusterFiles = { dir, pki, adminKubeconfig };
    let api = await startApiServer(files, etcd.clientUrl);
    processes.push(api.process);
    let extraServers = 0;
    await writeKubeconfig(adminKubeconfig, { name, server: api.url, caCert: pki.caCert, user: { clientCert: pki.adminCert, clientKey: pki.adminKey } });
    const [kcm, scheduler, kwok] = await Promise.all([startControllerManager(files), startScheduler(files), startKwok(files)]);
    processes.push(kcm, scheduler, kwok);

    const kubeConfig = new k8s.KubeConfig();
    kubeConfig.loadFromFile(adminKubeconfig);
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    const nodeNames = Array.from({ length: opts.nodes ?? 2 }, (_, i) => `kwok-node-${i}`);
    for (const node of nodeNames) await core.createNode({ body: fakeNode(node) });
    await waitFor(
      async () => {
        const nodes = await core.listNode();
        const ready = nodes.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
        return ready.length === nodeNames.length ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, watch: processes, what: `${nodeNames.length} kwok nodes to be Ready` },
    );
    // Pods need the namespace's default ServiceAccount; its existence also shows the controller-manager works.
    await waitFor(async () => ((await core.readNamespacedServiceAccount({ name: 'default', namespace: 'default' })) ? true : undefined), {
      timeoutMs: 60_000, intervalMs: 250, watch: processes, what: 'the default ServiceAccount',
    });

    const tokenDir = path.join(dir, 'tokens');
    await mkdir(tokenDir, { recursive: true });
    let tokenFiles = 0;
    return {
      name,
      server: api.url,
      dir,
      kubeconfigPath: adminKubeconfig,
      kubeConfig,
      logs: () => Object.fromEntries(processes.map((p) => [p.name, p.tail(60)])),
      component(component) {
        const proc = processes.find((p) => p.name === component);
        if (!proc) throw new Error(`no component ${component}`);
        return proc;
      },
      async mintServiceAccountToken(namespace, serviceAccount, tokenOpts = {}) {
        const res = await core.createNamespacedServiceAccountToken({
          name: serviceAccount,
          namespace,
          body: { spec: { audiences: [], expirationSeconds: tokenOpts.expirationSeconds ?? 3600 } },
        });
        const token = res.status?.token;
        if (!token) throw new Error(`the API server returned no token for ${namespace}/${serviceAccount}`);
        return token;
      },
      async stopApiServer() {
        await api.process.stop();
      },
      async startApiServer() {
        if (api.process.running) return;
        const next = await startApiServer(files, etcd.clientUrl, { port: Number(new URL(api.url).port) });
        processes[processes.indexOf(api.process)] = next.process;
        api = next;
      },
      async startExtraApiServer() {
        const n = ++extraServers;
        const extra = await startApiServer(files, etcd.clientUrl, { logName: `kube-apiserver-extra-${n}` });
        // Right after the first API server: stop() ends both before etcd.
        processes.splice(processes.indexOf(api.process) + 1, 0, extra.process);
        const kubeconfigPath = path.join(dir, `extra-${n}.kubeconfig`);
        await writeKubeconfig(kubeconfigPath, { name, server: extra.url, caCert: pki.caCert, user: { clientCert: pki.adminCert, clientKey: pki.adminKey } });
        const extraConfig = new k8s.KubeConfig();
        extraConfig.loadFromFile(kubeconfigPath);
        return { server: extra.url, kubeconfigPath, kubeConfig: extraConfig, stop: () => extra.process.stop() };
      },
      kubeconfigForToken(token, tokenOpts = {}) {
        return writeKubeconfig(path.join(tokenDir, `token-${++tokenFiles}.kubeconfig`), {
          name, server: api.url, caCert: pki.caCert, user: { token }, ...tokenOpts,
        });
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
