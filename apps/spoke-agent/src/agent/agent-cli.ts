import { AGENT_EXIT_CODES } from '@flotilla/protocol';
import { createKubeClusterInfo } from '../cluster/cluster-info.js';
import { loadKubeEnvironment, type KubeEnvironment } from '../cluster/kube-config.js';
import { AGENT_USAGE, parseAgentArgs } from '../config/agent-args.js';
import type { AgentConfig } from '../config/agent-config.js';
import { openSocketIoHubLink } from '../connection/hub-link.js';
import type { CredentialStore } from '../credentials/credential-store.js';
import { createFileCredentialStore, defaultStateFile } from '../credentials/file-credential-store.js';
import { createSecretCredentialStore } from '../credentials/secret-credential-store.js';
import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import path from 'node:path';
import { assignmentFileFor, createConfigMapAssignmentStore, createFileAssignmentStore, type AssignmentStore } from '../assignment/assignment-store.js';
import type { GitOpsOptions } from '../gitops/gitops-runtime.js';
import { createJsonLogger, type Logger } from '../logging/logger.js';
import { registerWithHub } from '../registration/register-with-hub.js';
import { AGENT_VERSION } from '../version.js';
import { runAgent } from './run-agent.js';

export interface AgentCliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const DEFAULT_AGENT_NAMESPACE = 'flotilla-system';

function chooseStore(config: AgentConfig, kube: KubeEnvironment): CredentialStore {
  const kind = config.state ?? (kube.inCluster ? 'secret' : 'file');
  if (kind === 'file') return createFileCredentialStore(config.stateFile ?? defaultStateFile(config.hubUrl));
  return createSecretCredentialStore(kube.kubeConfig, config.namespace ?? kube.podNamespace ?? DEFAULT_AGENT_NAMESPACE);
}

function chooseAssignmentStore(config: AgentConfig, kube: KubeEnvironment): AssignmentStore {
  const kind = config.state ?? (kube.inCluster ? 'secret' : 'file');
  if (kind === 'file') return createFileAssignmentStore(assignmentFileFor(config.stateFile ?? defaultStateFile(config.hubUrl)));
  return createConfigMapAssignmentStore(kube.kubeConfig, config.namespace ?? kube.podNamespace ?? DEFAULT_AGENT_NAMESPACE);
}

/** `/var/cache/flotilla` in a cluster (an emptyDir), else `~/.flotilla/agent-cache/<hub host>`. */
export function defaultCacheDir(hubUrl: string, inCluster: boolean, home: string = os.homedir()): string {
  if (inCluster) return '/var/cache/flotilla';
  return path.join(home, '.flotilla', 'agent-cache', new URL(hubUrl).host.replace(/[^A-Za-z0-9.-]/g, '_'));
}

function gitopsOptions(config: AgentConfig, kube: KubeEnvironment): GitOpsOptions {
  return {
    kubeConfig: kube.kubeConfig,
    cacheDir: config.cacheDir ?? defaultCacheDir(config.hubUrl, kube.inCluster),
    store: chooseAssignmentStore(config, kube),
    ...(config.concurrency ? { concurrency: config.concurrency } : {}),
    ...(config.outboxMaxEvents ? { outboxMaxEvents: config.outboxMaxEvents } : {}),
    ...(config.helmBinary ? { helmBinary: config.helmBinary } : {}),
  };
}

function warnAboutPlainHttp(hubUrl: string, logger: Logger): void {
  const { protocol, hostname } = new URL(hubUrl);
  const loopback = hostname === 'localhost' || hostname.startsWith('127.') || hostname === '[::1]';
  if (protocol === 'http:' && !loopback) logger.warn('the hub URL uses plain http: the credential crosses the network unencrypted; use https', { hub: hubUrl });
}

/** `flotilla agent ...`: returns the exit code; SIGINT/SIGTERM stop it gracefully (exit 0). */
export async function runAgentCli(args: readonly string[], io: AgentCliIo): Promise<number> {
  const parsed = parseAgentArgs(args);
  if (parsed.kind === 'help') {
    io.stdout.write(AGENT_USAGE);
    return AGENT_EXIT_CODES.ok;
  }
  if (parsed.kind === 'error') {
    io.stderr.write(`flotilla agent: ${parsed.message}\nrun "pnpm --silent flotilla agent --help" for usage\n`);
    return AGENT_EXIT_CODES.usage;
  }
  const { config } = parsed;
  // WebAssembly (the HTTP parser of fetch and undici, which the OCI registry client uses) is compiled by
  // V8's baseline compiler only: the optimizing tier's compile of that parser on the first request took about
  // 30 MiB that glibc kept, most of the agent's peak RSS (bench/README.md, agent memory). Set here, before the
  // first fetch, because Node does not take V8's WebAssembly flags in NODE_OPTIONS; the hub does the same.
  setFlagsFromString('--liftoff-only');
  // JavaScript runs in V8's interpreter and baseline compiler only, never its optimizing compiler (TurboFan):
  // an agent waits on the API server and the hub, and TurboFan's compiles of the first full reconcile cost about
  // 8 MiB of peak RSS (1,000 objects in 50 Kustomizations: 92 → 83 MiB) for no CPU saved there. Code that only
  // computes runs slower: parsing YAML alone takes about 1.3 times the CPU (bench/README.md, agent memory).
  setFlagsFromString('--no-opt');
  // V8 starts marking the old generation once it holds 70 % of its limit, not close to the limit: a full reconcile
  // leaves much short-lived garbage in the old generation (the young one is 1 MiB in the image), and marking that
  // started late let it grow past the limit before the collection ended (1,000 objects in 50 Kustomizations: peak
  // RSS about 2 MiB lower). More marking costs CPU: about 5 % where the agent only computes (bench/README.md,
  // agent memory).
  setFlagsFromString('--incremental-marking-hard-trigger=70');
  const logger = createJsonLogger({ stream: io.stderr, level: config.logLevel });
  if (config.token) logger.addSecret(config.token);

  let kube: KubeEnvironment;
  try {
    kube = loadKubeEnvironment(config.kubeconfig);
  } catch (err) {
    logger.error(`cannot load the Kubernetes configuration: ${err instanceof Error ? err.message : String(err)}`);
    await logger.flush();
    return AGENT_EXIT_CODES.usage;
  }
  const store = chooseStore(config, kube);
  const gitops = gitopsOptions(config, kube);
  logger.info('flotilla agent starting', {
    version: AGENT_VERSION,
    hub: config.hubUrl,
    inCluster: kube.inCluster,
    cluster: kube.kubeConfig.getCurrentCluster()?.server,
    store: store.location,
    assignmentStore: gitops.store.location,
    cacheDir: gitops.cacheDir,
  });
  warnAboutPlainHttp(config.hubUrl, logger);

  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      logger.warn('second signal: exiting now', { signal: name });
      process.exit(AGENT_EXIT_CODES.unexpected);
    }
    logger.info('shutting down', { signal: name });
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runAgent({
      hubUrl: config.hubUrl,
      token: config.token,
      logger,
      store,
      clusterInfo: createKubeClusterInfo(kube.kubeConfig),
      openLink: openSocketIoHubLink,
      register: registerWithHub,
      signal: controller.signal,
      gitops,
    });
  } catch (err) {
    logger.error('agent failed', { err });
    return AGENT_EXIT_CODES.unexpected;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await logger.flush();
  }
}
