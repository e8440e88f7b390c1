import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { KustomizationRef, KustomizationSpec } from '@flotilla/spoke-agent/reconcile';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import type { HubClient } from '../../hub/hub-client.js';
import { getBytes, getJson } from '../../hub/hub-rest.js';
import { collect, parseLocalSources } from './local-sources.js';
import { connect, namespaceOption } from './options.js';

interface AssignedKustomizationAnswer {
  cluster: { id: string; name: string };
  kustomization: { namespace: string; name: string; spec: KustomizationSpec; variables: Record<string, string> };
  source: { kind: string; namespace: string; name: string; revision: string; digest: string } | null;
}

export interface BuildKsOptions {
  namespace: string;
  cluster: string;
  path?: string;
  recursive?: boolean;
  /** `--local-sources`, each `Kind/namespace/name=path[,…]`, as given. */
  localSources?: string[];
}

type Obj = Record<string, unknown>;
interface LocalTree {
  files: Map<string, Uint8Array>;
  specPath: string;
}

const enc = encodeURIComponent;

/** A local directory in place of a source, as `flux build ks --path`: the tree and spec.path inside it. */
async function localSource(dir: string, notADirectory: () => CliError): Promise<LocalTree> {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw notADirectory();
  const { findBuildRoot, readTree } = await import('../build-file-tree.js');
  const root = findBuildRoot(abs);
  const { tree } = readTree(root);
  return { files: tree, specPath: path.relative(root, abs).split(path.sep).join('/') || '.' };
}

const pathFlag = (dir: string) => (): CliError => new CliError(EXIT.usage, `--path ${dir}: not a directory`);

/** The flags checked before the hub is asked anything: a bad one exits 2 with nothing sent. */
export async function checkBuildFlags(o: BuildKsOptions): Promise<void> {
  if (o.path !== undefined) await localSource(o.path, pathFlag(o.path));
  if (o.recursive) parseLocalSources(o.localSources ?? []);
}

/** The agent's own render of one Kustomization for one cluster, SOPS ciphertext masked as flux masks it. */
async function render(io: CliIo, files: ReadonlyMap<string, Uint8Array>, spec: KustomizationSpec, owner: KustomizationRef, variables: Record<string, string>): Promise<Obj[]> {
  const { renderAssigned } = await import('@flotilla/spoke-agent/render');
  const rendered = await renderAssigned(files, spec, owner, variables);
  if (!rendered.ok) throw new CliError(EXIT.failed, `build failed: ${rendered.message}`);
  for (const w of rendered.warnings) io.stderr.write(`! ${w}\n`);
  return rendered.objects;
}

/**
 * The objects a hub Kustomization applies on one cluster, as `flux build kustomization` builds them: the spec
 * and cluster variables the cluster's assignment gives its agent, the source artifact the hub holds (or a local
 * directory with `--path`), rendered by the agent's own pipeline; SOPS ciphertext masked as flux masks it. With
 * `--recursive`, the Kustomizations it builds are built from `--local-sources` and their objects follow, unless
 * `followNested` is false (the diff follows them itself, one diff per Kustomization).
 */
export async function renderForCluster(io: CliIo, hub: HubClient, name: string, o: BuildKsOptions, followNested = true): Promise<Obj[]> {
  const sources = o.recursive && followNested ? parseLocalSources(o.localSources ?? []) : undefined;
  const local = o.path === undefined ? undefined : await localSource(o.path, pathFlag(o.path));
  const at = `/api/clusters/${enc(o.cluster)}/kustomizations/${enc(o.namespace)}/${enc(name)}`;
  const assigned = await getJson<AssignedKustomizationAnswer>(hub, at);
  let files: ReadonlyMap<string, Uint8Array>;
  let spec = assigned.kustomization.spec;
  if (local) {
    files = local.files;
    spec = { ...spec, path: local.specPath };
  } else {
    const source = assigned.source;
    if (!source) throw new CliError(EXIT.failed, `the source of Kustomization '${name}' has no artifact yet; try again once it is fetched`);
    const { openArtifact } = await import('@flotilla/spoke-agent/reconcile');
    const opened = openArtifact({ kind: 'tarball', revision: source.revision, digest: source.digest, bytes: await getBytes(hub, `${at}/artifact`) });
    if (!opened.ok) throw new CliError(EXIT.failed, `the artifact of ${source.kind}/${source.namespace}/${source.name}: ${opened.message}`);
    files = opened.files;
  }
  const owner = { namespace: o.namespace, name };
  const objects = await render(io, files, spec, owner, assigned.kustomization.variables);
  return sources ? withNested(io, owner, objects, sources, [`${owner.namespace}/${owner.name}`]) : objects;
}

export const isKustomization = (o: Obj): boolean => typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') && o.kind === 'Kustomization';

/** A Kustomization object's namespace and name as built. */
export function kustomizationRef(obj: Obj): KustomizationRef {
  const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
  return { namespace: meta.namespace ?? '', name: meta.name ?? '' };
}

/**
 * One Kustomization that a build built, built in turn from the local directory `--local-sources` maps its
 * sourceRef to (`Kind/namespace/name`, the namespace defaulting to the Kustomization's), joined with its
 * spec.path. A sourceRef with no local directory fails as flux's does; one that builds a Kustomization of
 * `chain` (those building it) is refused as a cycle. It lives in the cluster, so no cluster variables apply.
 */
export async function buildNested(io: CliIo, obj: Obj, sources: ReadonlyMap<string, string>, chain: readonly string[]): Promise<{ ref: KustomizationRef; objects: Obj[] }> {
  const [{ toKustomizationSpec, loadCelFor }, { refSubject }] = await Promise.all([import('@flotilla/spoke-agent/reconcile'), import('@flotilla/reconcile-core')]);
  await loadCelFor(obj.spec);
  const ref = kustomizationRef(obj);
  const id = `${ref.namespace}/${ref.name}`;
  if (chain.includes(id)) throw new CliError(EXIT.failed, `Kustomization ${id} builds itself: ${[...chain, id].join(' → ')}`);
  const converted = toKustomizationSpec(obj.spec, ref.namespace);
  if (!converted.ok) throw new CliError(EXIT.failed, `Kustomization ${id}: ${converted.message}`);
  const key = refSubject(converted.sourceRef);
  const dir = sources.get(key);
  if (dir === undefined) throw new CliError(EXIT.failed, `cannot get local path for ${key} of kustomization ${ref.name}`);
  const at = path.join(dir, converted.spec.path ?? '');
  const local = await localSource(at, () => new CliError(EXIT.failed, `Kustomization ${id}: ${at} (--local-sources ${key}=${dir} and spec.path) is not a directory`));
  return { ref, objects: await render(io, local.files, { ...converted.spec, path: local.specPath }, ref, {}) };
}

/**
 * `flux build ks --recursive`: after a Kustomization's objects come, in order, those of every Kustomization it
 * builds (other than itself), each built by `buildNested`, and recursively so. Unlike flux, which recurses
 * until it fails, a Kustomization that builds one of the Kustomizations building it is refused as a cycle.
 */
export async function withNested(io: CliIo, owner: KustomizationRef, objects: Obj[], sources: ReadonlyMap<string, string>, chain: string[]): Promise<Obj[]> {
  const out = [...objects];
  for (const obj of objects) {
    if (!isKustomization(obj)) continue;
    const ref = kustomizationRef(obj);
    if (ref.name === owner.name && ref.namespace === owner.namespace) continue;
    const nested = await buildNested(io, obj, sources, chain);
    out.push(...(await withNested(io, ref, nested.objects, sources, [...chain, `${ref.namespace}/${ref.name}`])));
  }
  return out;
}

/** `flux build kustomization` for a hub Kustomization on one cluster: the built objects as multi-document YAML. */
export async function buildKustomization(io: CliIo, name: string, o: BuildKsOptions): Promise<void> {
  await checkBuildFlags(o);
  const hub = await connect();
  const objects = await renderForCluster(io, hub, name, o);
  // Loaded here, not at the top: the render pipeline (kustomize, SOPS, CEL) must stay out of every other command's start.
  const { fluxObjectsYaml } = await import('@flotilla/spoke-agent/render');
  io.stdout.write(fluxObjectsYaml(objects));
}

/** `flotilla build <dir>` (a kustomization directory) and `flotilla build kustomization NAME --cluster C`. */
export function buildCommand(io: CliIo): Command {
  const build = new Command('build')
    .description('build a kustomization directory like `kustomize build`, or a hub Kustomization for one cluster like `flux build kustomization`')
    .argument('[dir]', 'a kustomization directory (Flux semantics for plain directories)')
    .action(async (dir: string | undefined) => {
      if (!dir) {
        build.outputHelp({ error: true });
        throw new CliError(EXIT.usage, '');
      }
      const { buildCommand: buildDir } = await import('../build.js');
      const code = await buildDir.run([dir], io);
      if (code !== 0) throw new CliError(code, '');
    });
  build.addCommand(
    namespaceOption(
      new Command('kustomization')
        .alias('ks')
        .description("print the objects a hub Kustomization applies on one cluster, with that cluster's variables")
        .argument('<name>'),
    )
      .requiredOption('--cluster <name>', 'the cluster whose variables and assignment are used')
      .option('--path <dir>', "a local directory built in place of the source's spec.path")
      .option('-r, --recursive', 'also build the Kustomizations it builds, from --local-sources', false)
      .option('--local-sources <Kind/namespace/name=path,...>', 'local directories standing for the sources of the Kustomizations built by --recursive (repeatable)', collect, [])
      .action(async (name: string, o: BuildKsOptions) => buildKustomization(io, name, o)),
  );
  return build;
}
