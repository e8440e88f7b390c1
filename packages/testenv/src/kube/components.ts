import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { binaryPath } from '../binaries.js';
import { ManagedProcess } from '../process/managed-process.js';
import { freePort, isAddressInUse } from '../process/ports.js';
import { waitFor } from '../process/wait.js';
import { probe } from './https-get.js';
import { kwokStages } from './kwok-stages.js';
import type { ClusterPki } from './pki.js';

export interface ClusterFiles {
  dir: string;
  pki: ClusterPki;
  adminKubeconfig: string;
}

// Starts a component on fresh ports; if another process grabbed a port between our probe and its bind,
// start it again on new ones (the log says "address already in use").
async function withPortRetry<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start();
    } catch (err) {
      const tail = (err as { logTail?: string }).logTail ?? '';
      if (i >= attempts || !isAddressInUse(tail)) throw err;
    }
  }
}

export interface Etcd {
  process: ManagedProcess;
  clientUrl: string;
}

export function startEtcd(dir: string): Promise<Etcd> {
  return withPortRetry(async () => {
    const [client, peer] = [await freePort(), await freePort()];
    // tmpfs keeps etcd's fsyncs from dominating API latency; the data is thrown away anyway.
    const dataDir = existsSync('/dev/shm') ? path.join('/dev/shm', `${path.basename(dir)}-etcd-${client}`) : path.join(dir, 'etcd');
    await mkdir(dataDir, { recursive: true });
    const clientUrl = `http://127.0.0.1:${client}`;
    const peerUrl = `http://127.0.0.1:${peer}`;
    const proc = ManagedProcess.start({
      name: 'etcd',
      command: await binaryPath('etcd'),
      args: [
        '--name=default', `--data-dir=${dataDir}`, `--listen-client-urls=${clientUrl}`, `--advertise-client-urls=${clientUrl}`,
        `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=default=${peerUrl}`,
        '--unsafe-no-fsync=true', '--log-level=warn', '--quota-backend-bytes=2147483648',
      ],
      logPath: path.join(dir, 'etcd.log'),
    });
    void proc.exited.then(() => rm(dataDir, { recursive: true, force: true }));
    await waitFor(async () => ((await probe(`${clientUrl}/health`)).body.includes('"true"') ? true : undefined), {
      timeoutMs: 30_000, watch: [proc], what: 'etcd to be healthy',
    });
    return { process: proc, clientUrl };
  });
}

export interface ApiServer {
  process: ManagedProcess;
  url: string;
}

/**
 * `port` restarts a stopped API server on its old address (no retry on another port: clients expect that one);
 * `logName` keeps a second API server's log apart.
 */
export function startApiServer(files: ClusterFiles, etcdUrl: string, opts: { port?: number; logName?: string } = {}): Promise<ApiServer> {
  const { dir } = files;
  return withPortRetry(async () => {
    const port = opts.port ?? (await freePort());
    const url = `https://127.0.0.1:${port}`;
    const proc = ManagedProcess.start({
      name: 'kube-apiserver',
      command: await binaryPath('kube-apiserver'),
      args: [
        `--etcd-servers=${etcdUrl}`, '--bind-address=127.0.0.1', `--secure-port=${port}`, '--advertise-address=127.0.0.1',
        `--cert-dir=${path.join(dir, 'apiserver-certs')}`,
        `--tls-cert-file=${path.join(dir, 'apiserver.crt')}`, `--tls-private-key-file=${path.join(dir, 'apiserver.key')}`,
        `--client-ca-file=${path.join(dir, 'ca.crt')}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${path.join(dir, 'sa.pub')}`, `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/16', '--authorization-mode=RBAC', '--allow-privileged=true',
        // A loopback address cannot be an Endpoints address, so the `kubernetes` Service is left alone.
        '--endpoint-reconciler-type=none', '--enable-priority-and-fairness=false', '--profiling=false',
      ],
      logPath: path.join(dir, `${opts.logName ?? 'kube-apiserver'}.log`),
    });
    const tls = { ca: files.pki.caCert, cert: files.pki.adminCert, key: files.pki.adminKey };
    await waitFor(async () => ((await probe(`${url}/readyz`, tls)).status === 200 ? true : undefined), {
      timeoutMs: 90_000, intervalMs: 250, watch: [proc], what: 'kube-apiserver /readyz',
    });
    return { process: proc, url };
  }, opts.port === undefined ? 3 : 1);
}

async function startHealthzComponent(
  name: 'kube-controller-manager' | 'kube-scheduler',
  files: ClusterFiles,
  extraArgs: string[],
): Promise<ManagedProcess> {
  return withPortRetry(async () => {
    const port = await freePort();
    const proc = ManagedProcess.start({
      name,
      command: await binaryPath(name),
      args: [
        `--kubeconfig=${files.adminKubeconfig}`, `--authentication-kubeconfig=${files.adminKubeconfig}`,
        `--authorization-kubeconfig=${files.adminKubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1',
        `--secure-port=${port}`, `--cert-dir=${path.join(files.dir, `${name}-certs`)}`, ...extraArgs,
      ],
      logPath: path.join(files.dir, `${name}.log`),
    });
    await waitFor(async () => ((await probe(`https://127.0.0.1:${port}/healthz`, { insecure: true })).status === 200 ? true : undefined), {
      timeoutMs: 60_000, intervalMs: 250, watch: [proc], what: `${name} /healthz`,
    });
    return proc;
  });
}

export function startControllerManager(files: ClusterFiles): Promise<ManagedProcess> {
  return startHealthzComponent('kube-controller-manager', files, [
    `--service-account-private-key-file=${path.join(files.dir, 'sa.key')}`, `--root-ca-file=${path.join(files.dir, 'ca.crt')}`,
    `--cluster-signing-cert-file=${path.join(files.dir, 'ca.crt')}`, `--cluster-signing-key-file=${path.join(files.dir, 'ca.key')}`,
    '--use-service-account-credentials=false', '--concurrent-deployment-syncs=10', '--concurrent-replicaset-syncs=10',
  ]);
}

export function startScheduler(files: ClusterFiles): Promise<ManagedProcess> {
  return startHealthzComponent('kube-scheduler', files, []);
}

export const kwokNodeAnnotation = 'kwok.x-k8s.io/node';

export async function startKwok(files: ClusterFiles): Promise<ManagedProcess> {
  const config = path.join(files.dir, 'kwok-stages.yaml');
  await writeFile(config, kwokStages);
  return withPortRetry(async () => {
    const port = await freePort();
    return ManagedProcess.start({
      name: 'kwok',
      command: await binaryPath('kwok'),
      args: [
        `--kubeconfig=${files.adminKubeconfig}`, '--manage-all-nodes=false',
        `--manage-nodes-with-annotation-selector=${kwokNodeAnnotation}=fake`, '--cidr=10.244.0.0/16', '--node-ip=10.0.0.10',
        `--server-address=127.0.0.1:${port}`, `--config=${config}`, '--node-lease-duration-seconds=40',
      ],
      logPath: path.join(files.dir, 'kwok.log'),
    });
  });
}
