import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { binaryPath, toolVersions } from './binaries.js';
import { cacheDir } from './paths.js';
import { TestenvError } from './process/errors.js';
import { makeTempDir } from './process/temp-dir.js';

const execFileAsync = promisify(execFile);

export async function fluxBin(): Promise<string> {
  return binaryPath('flux');
}

export interface RunFluxOptions {
  kubeconfig: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface FluxOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

let fluxHome: Promise<string> | undefined;

/**
 * Runs the real `flux` CLI against a test cluster. A non-zero exit is returned, not thrown: tests assert
 * on what flux printed either way. flux gets a home of its own so it never reads the developer's
 * ~/.kube or ~/.config.
 */
export async function runFlux(args: string[], opts: RunFluxOptions): Promise<FluxOutput> {
  fluxHome ??= makeTempDir('flux-home');
  const [flux, home] = await Promise.all([fluxBin(), fluxHome]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    HOME: home,
    KUBECONFIG: opts.kubeconfig,
    NO_COLOR: '1',
  };
  try {
    const { stdout, stderr } = await execFileAsync(flux, [...args, '--kubeconfig', opts.kubeconfig], {
      env,
      timeout: opts.timeoutMs ?? 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, exitCode: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number | string; message: string };
    if (typeof e.code !== 'number')
      throw new TestenvError(
        `flux ${args.slice(0, 2).join(' ')} did not run: ${e.message}`,
        'flux',
        e.stderr,
      );
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', exitCode: e.code };
  }
}

/** The controllers whose CRDs the flux CLI release pins, each with the version its go.mod requires. */
export const FLUX_CONTROLLERS = ['source-controller', 'kustomize-controller', 'helm-controller'] as const;
export type FluxController = (typeof FLUX_CONTROLLERS)[number];

export interface UpstreamFluxCrds {
  fluxVersion: string;
  controllerVersions: Record<FluxController, string>;
  /** Every CustomResourceDefinition in the controllers' `config/crd/bases`, parsed. */
  crds: Record<string, unknown>[];
}

function goEnv(): NodeJS.ProcessEnv {
  const cache = cacheDir();
  return {
    ...process.env,
    GOMODCACHE: process.env.GOMODCACHE ?? path.join(cache, 'go', 'mod'),
    GOCACHE: process.env.GOCACHE ?? path.join(cache, 'go', 'build'),
    GOFLAGS: '-mod=mod',
  };
}

async function goModDownload(module: string): Promise<{ Dir: string; GoMod: string }> {
  try {
    // Outside any module, so no go.mod of ours decides what is downloaded.
    const { stdout } = await execFileAsync('go', ['mod', 'download', '-json', module], {
      env: goEnv(),
      cwd: os.tmpdir(),
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout) as { Dir: string; GoMod: string };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new TestenvError(
      `go mod download ${module} failed; Flux's CRDs come from the Go module proxy (or set FLOTILLA_FLUX_CRDS_DIR to a directory of them)`,
      'go',
      (e.stdout || e.stderr || e.message).trim(),
    );
  }
}

async function readCrdDir(dir: string): Promise<Record<string, unknown>[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const crds: Record<string, unknown>[] = [];
  for (const f of files) {
    for (const doc of parseAllDocuments(await readFile(path.join(dir, f), 'utf8'))) {
      const value: unknown = doc.toJS();
      if (
        value &&
        typeof value === 'object' &&
        (value as { kind?: unknown }).kind === 'CustomResourceDefinition'
      )
        crds.push(value as Record<string, unknown>);
    }
  }
  return crds;
}

/** The version of a controller's api module that flux2's go.mod requires. */
function requiredApiVersion(goMod: string, fluxVersion: string, controller: string): string {
  const m = goMod.match(new RegExp(`^\\s*github\\.com/fluxcd/${controller}/api (v\\S+)`, 'm'));
  if (!m?.[1])
    throw new TestenvError(
      `flux ${fluxVersion}'s go.mod does not require github.com/fluxcd/${controller}/api`,
    );
  return m[1];
}

/** Controllers whose module the Go proxy does not serve: their CRDs are generated from their api modules. */
export const FLUX_API_ONLY_CONTROLLERS = ['notification-controller', 'image-reflector-controller', 'image-automation-controller'] as const;
export type FluxApiOnlyController = (typeof FLUX_API_ONLY_CONTROLLERS)[number];

/**
 * The CRDs of a Flux controller whose module (which holds config/crd/bases) the Go proxy does not serve,
 * generated from its api module at the version the pinned flux CLI requires, with controller-gen (the version
 * notification-controller's Makefile pins) and the options Flux's Makefiles use (`crd:crdVersions=v1`, every
 * package of the module).
 */
export async function fluxApiModuleCrds(
  controller: FluxApiOnlyController,
): Promise<{ version: string; crds: Record<string, unknown>[] }> {
  const fluxVersion = toolVersions().flux;
  const flux = await goModDownload(`github.com/fluxcd/flux2/v2@${fluxVersion}`);
  const version = requiredApiVersion(await readFile(flux.GoMod, 'utf8'), fluxVersion, controller);
  const api = await goModDownload(`github.com/fluxcd/${controller}/api@${version}`);
  const [controllerGen, out] = await Promise.all([binaryPath('controller-gen'), makeTempDir('flux-api-crds')]);
  try {
    // The module cache is read-only: the api module's own go.mod and go.sum are read, never updated.
    await execFileAsync(controllerGen, ['crd:crdVersions=v1', 'paths=./...', `output:crd:artifacts:config=${out}`], {
      cwd: api.Dir,
      env: { ...goEnv(), GOFLAGS: '-mod=readonly' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new TestenvError(`controller-gen could not generate ${controller}'s CRDs`, 'controller-gen', (e.stderr || e.message).trim());
  }
  return { version, crds: await readCrdDir(out) };
}

/**
 * Flux's own CRDs, as the oracle for ours: taken from the source, kustomize and helm controllers' Go
 * modules at the versions the pinned flux CLI requires, through the Go module cache under
 * ~/.cache/flotilla (downloaded once per machine). They are never committed.
 */
export async function upstreamFluxCrds(): Promise<UpstreamFluxCrds> {
  const fluxVersion = toolVersions().flux;
  const override = process.env.FLOTILLA_FLUX_CRDS_DIR;
  if (override) {
    if (!existsSync(override))
      throw new TestenvError(`FLOTILLA_FLUX_CRDS_DIR was set to ${override}, which does not exist`);
    const unknown = Object.fromEntries(FLUX_CONTROLLERS.map((c) => [c, 'unknown'])) as Record<
      FluxController,
      string
    >;
    return { fluxVersion, controllerVersions: unknown, crds: await readCrdDir(override) };
  }
  const flux = await goModDownload(`github.com/fluxcd/flux2/v2@${fluxVersion}`);
  const goMod = await readFile(flux.GoMod, 'utf8');
  const controllerVersions = {} as Record<FluxController, string>;
  const crds: Record<string, unknown>[] = [];
  for (const controller of FLUX_CONTROLLERS) {
    // flux2 requires each controller's api module; the controller release with the same tag holds the CRDs.
    const version = requiredApiVersion(goMod, fluxVersion, controller);
    controllerVersions[controller] = version;
    const mod = await goModDownload(`github.com/fluxcd/${controller}@${version}`);
    crds.push(...(await readCrdDir(path.join(mod.Dir, 'config', 'crd', 'bases'))));
  }
  return { fluxVersion, controllerVersions, crds };
}
