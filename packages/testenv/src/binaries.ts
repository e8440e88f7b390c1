import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestenvError } from './process/errors.js';
import { cacheDir, repoRoot } from './paths.js';

const execFileAsync = promisify(execFile);

export type BinaryName =
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'kubectl'
  | 'etcd'
  | 'kwok'
  | 'helm'
  | 'kustomize'
  | 'sops'
  | 'flux'
  | 'toxiproxy-server'
  | 'cosign'
  | 'versitygw'
  | 'source-controller'
  | 'kustomize-controller'
  | 'controller-gen';

type Tool = 'kubernetes' | 'etcd' | 'kwok' | 'helm' | 'kustomize' | 'sops' | 'flux' | 'toxiproxy' | 'cosign' | 'versitygw' | 'source-controller' | 'kustomize-controller' | 'controller-tools';

const toolOf: Record<BinaryName, Tool> = {
  'kube-apiserver': 'kubernetes',
  'kube-controller-manager': 'kubernetes',
  'kube-scheduler': 'kubernetes',
  kubectl: 'kubernetes',
  etcd: 'etcd',
  kwok: 'kwok',
  helm: 'helm',
  kustomize: 'kustomize',
  sops: 'sops',
  flux: 'flux',
  'toxiproxy-server': 'toxiproxy',
  cosign: 'cosign',
  versitygw: 'versitygw',
  'source-controller': 'source-controller',
  'kustomize-controller': 'kustomize-controller',
  'controller-gen': 'controller-tools',
};

// The binaries controller-runtime's envtest expects in KUBEBUILDER_ASSETS; we honour the same variable.
const kubebuilderAssets = new Set<BinaryName>(['kube-apiserver', 'etcd', 'kubectl', 'kube-controller-manager', 'kube-scheduler']);

const buildScript = path.join(repoRoot, 'scripts', 'build-test-binaries.sh');

export function toolVersions(): Record<Tool, string> {
  const env = readFileSync(path.join(repoRoot, 'scripts', 'test-binaries.env'), 'utf8');
  const value = (key: string): string => {
    const fromEnv = process.env[`FLOTILLA_${key}`];
    if (fromEnv) return fromEnv;
    const m = env.match(new RegExp(`^${key}=(\\S+)`, 'm'));
    if (!m?.[1]) throw new TestenvError(`scripts/test-binaries.env has no ${key}`);
    return m[1];
  };
  return {
    kubernetes: value('KUBERNETES_VERSION'),
    etcd: value('ETCD_VERSION'),
    kwok: value('KWOK_VERSION'),
    helm: value('HELM_VERSION'),
    kustomize: value('KUSTOMIZE_VERSION'),
    sops: value('SOPS_VERSION'),
    flux: value('FLUX_VERSION'),
    toxiproxy: value('TOXIPROXY_VERSION'),
    cosign: value('COSIGN_VERSION'),
    versitygw: value('VERSITYGW_VERSION'),
    'source-controller': value('SOURCE_CONTROLLER_VERSION'),
    'kustomize-controller': value('KUSTOMIZE_CONTROLLER_VERSION'),
    'controller-tools': value('CONTROLLER_TOOLS_VERSION'),
  };
}

function envOverride(name: BinaryName): string | undefined {
  const explicit = process.env[`FLOTILLA_${name.toUpperCase().replace(/-/g, '_')}_BIN`];
  if (explicit) return explicit;
  const assets = process.env.KUBEBUILDER_ASSETS;
  if (assets && kubebuilderAssets.has(name)) {
    const candidate = path.join(assets, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function cachedPath(name: BinaryName): { dir: string; file: string; complete: boolean } {
  const tool = toolOf[name];
  const dir = path.join(cacheDir(), 'bin', `${tool}-${toolVersions()[tool]}`);
  return { dir, file: path.join(dir, name), complete: existsSync(path.join(dir, '.complete')) };
}

async function hasGo(): Promise<boolean> {
  try {
    await execFileAsync('go', ['version']);
    return true;
  } catch {
    return false;
  }
}

function missingMessage(names: BinaryName[]): string {
  return [
    `The test environment needs ${names.join(', ')}, which are not built yet, and Go is not installed to build them.`,
    'Either install Go 1.25 or newer (they are then built once from the Go module proxy and cached in',
    `${path.join(cacheDir(), 'bin')}), or point the test environment at prebuilt binaries:`,
    '  KUBEBUILDER_ASSETS=<dir with kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kubectl>',
    '  FLOTILLA_KWOK_BIN, FLOTILLA_HELM_BIN, FLOTILLA_KUSTOMIZE_BIN, FLOTILLA_SOPS_BIN, FLOTILLA_FLUX_BIN, FLOTILLA_TOXIPROXY_SERVER_BIN, FLOTILLA_COSIGN_BIN, FLOTILLA_VERSITYGW_BIN, FLOTILLA_SOURCE_CONTROLLER_BIN, FLOTILLA_KUSTOMIZE_CONTROLLER_BIN, FLOTILLA_CONTROLLER_GEN_BIN, FLOTILLA_<NAME>_BIN=<path>',
  ].join('\n');
}

// Several vitest workers may ask for the same tool at once; a lock directory makes one of them build it.
async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = path.join(cacheDir(), 'build.lock');
  await mkdir(cacheDir(), { recursive: true });
  const deadline = Date.now() + 60 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new TestenvError(`gave up waiting for ${lock}; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

// Builds whatever of `names` is neither overridden nor cached. Prints progress to stderr: a cold
// Kubernetes build takes minutes and a silent wait would look like a hang.
export async function ensureBinaries(names: BinaryName[]): Promise<void> {
  const missing = names.filter((n) => !envOverride(n) && !cachedPath(n).complete);
  if (missing.length === 0) return;
  if (!(await hasGo())) throw new TestenvError(missingMessage(missing));
  const tools = [...new Set(missing.map((n) => toolOf[n]))];
  await withBuildLock(async () => {
    const still = tools.filter((t) => missing.some((n) => toolOf[n] === t && !cachedPath(n).complete));
    if (still.length === 0) return;
    process.stderr.write(`[testenv] building ${still.join(', ')} from the Go module proxy (once per machine)\n`);
    try {
      await execFileAsync('bash', [buildScript, ...still], { maxBuffer: 64 * 1024 * 1024 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new TestenvError(`building ${still.join(', ')} failed`, 'build-test-binaries', (e.stderr ?? e.message).split('\n').slice(-30).join('\n'));
    }
  });
}

let helmRenderBuild: Promise<string> | undefined;

/**
 * The hub's render helper (tools/helm-render), built next to helm by the build script, which rebuilds it when
 * its sources changed (so it is asked once per process, not trusted from a marker). FLOTILLA_HELM_RENDER_BIN
 * points at a prebuilt one.
 */
export function helmRenderPath(): Promise<string> {
  const explicit = process.env.FLOTILLA_HELM_RENDER_BIN;
  if (explicit) return existsSync(explicit) ? Promise.resolve(explicit) : Promise.reject(new TestenvError(`helm-render was set to ${explicit}, which does not exist`));
  helmRenderBuild ??= (async () => {
    if (!(await hasGo())) throw new TestenvError('helm-render is built with Go, which is not installed; set FLOTILLA_HELM_RENDER_BIN to a prebuilt one');
    await withBuildLock(async () => {
      try {
        await execFileAsync('bash', [buildScript, 'helm-render'], { maxBuffer: 64 * 1024 * 1024 });
      } catch (err) {
        const e = err as { stderr?: string; message: string };
        throw new TestenvError('building helm-render failed', 'build-test-binaries', (e.stderr ?? e.message).split('\n').slice(-30).join('\n'));
      }
    });
    return path.join(cacheDir(), 'bin', `helm-${toolVersions().helm}`, 'helm-render');
  })();
  return helmRenderBuild;
}

export async function binaryPath(name: BinaryName): Promise<string> {
  const override = envOverride(name);
  if (override) {
    if (!existsSync(override)) throw new TestenvError(`${name} was set to ${override}, which does not exist`);
    return override;
  }
  await ensureBinaries([name]);
  return cachedPath(name).file;
}

export const allBinaries: BinaryName[] = Object.keys(toolOf) as BinaryName[];
