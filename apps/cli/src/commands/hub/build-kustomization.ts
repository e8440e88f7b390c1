import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { KustomizationSpec } from '@flotilla/spoke-agent/reconcile';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { fluxObjectsYaml, maskSopsData } from '../../hub/flux-build-output.js';
import type { HubClient } from '../../hub/hub-client.js';
import { getBytes, getJson } from '../../hub/hub-rest.js';
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
}

const enc = encodeURIComponent;

/** A local directory in place of the source, as `flux build ks --path`: the tree and spec.path inside it. */
async function localSource(dir: string): Promise<{ files: Map<string, Uint8Array>; specPath: string }> {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new CliError(EXIT.usage, `--path ${dir}: not a directory`);
  const { findBuildRoot, readTree } = await import('../build-file-tree.js');
  const root = findBuildRoot(abs);
  const { tree } = readTree(root);
  return { files: tree, specPath: path.relative(root, abs).split(path.sep).join('/') || '.' };
}

/**
 * The objects a hub Kustomization applies on one cluster, as `flux build kustomization` builds them: the spec
 * and cluster variables the cluster's assignment gives its agent, the source artifact the hub holds (or a local
 * directory with `--path`), rendered by the agent's own pipeline; SOPS ciphertext masked as flux masks it.
 */
export async function renderForCluster(io: CliIo, hub: HubClient, name: string, o: BuildKsOptions): Promise<Record<string, unknown>[]> {
  const local = o.path === undefined ? undefined : await localSource(o.path);
  const at = `/api/clusters/${enc(o.cluster)}/kustomizations/${enc(o.namespace)}/${enc(name)}`;
  const assigned = await getJson<AssignedKustomizationAnswer>(hub, at);
  const { renderManifests, kustomizeBuilder, openArtifact } = await import('@flotilla/spoke-agent/reconcile');
  let files: ReadonlyMap<string, Uint8Array>;
  let spec = assigned.kustomization.spec;
  if (local) {
    files = local.files;
    spec = { ...spec, path: local.specPath };
  } else {
    const source = assigned.source;
    if (!source) throw new CliError(EXIT.failed, `the source of Kustomization '${name}' has no artifact yet; try again once it is fetched`);
    const opened = openArtifact({ kind: 'tarball', revision: source.revision, digest: source.digest, bytes: await getBytes(hub, `${at}/artifact`) });
    if (!opened.ok) throw new CliError(EXIT.failed, `the artifact of ${source.kind}/${source.namespace}/${source.name}: ${opened.message}`);
    files = opened.files;
  }
  // As the agent does: the cluster's variables come first, only for a spec with postBuild. The
  // substituteFrom objects live in the cluster; like `flux build ks --dry-run`, they are not read here.
  for (const ref of spec.postBuild?.substituteFrom ?? []) {
    io.stderr.write(`! postBuild.substituteFrom ${ref.kind}/${ref.name} is read in the cluster; its variables are not substituted here\n`);
  }
  const variables = assigned.kustomization.variables;
  const rendered = await renderManifests(kustomizeBuilder, files, spec, { namespace: o.namespace, name }, {
    identities: 'keep-encrypted',
    substituteFrom: async () => ({ ok: true, value: Object.keys(variables).length > 0 ? [{ kind: 'ConfigMap', name: 'cluster variables', data: variables }] : [] }),
  });
  if (!rendered.ok) throw new CliError(EXIT.failed, `build failed: ${rendered.message}`);
  return rendered.objects.map(maskSopsData);
}

/** `flux build kustomization` for a hub Kustomization on one cluster: the built objects as multi-document YAML. */
export async function buildKustomization(io: CliIo, name: string, o: BuildKsOptions): Promise<void> {
  if (o.path !== undefined) await localSource(o.path);
  const hub = await connect();
  io.stdout.write(fluxObjectsYaml(await renderForCluster(io, hub, name, o)));
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
      .action(async (name: string, o: BuildKsOptions) => buildKustomization(io, name, o)),
  );
  return build;
}
