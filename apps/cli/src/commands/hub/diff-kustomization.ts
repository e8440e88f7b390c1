import { Command } from 'commander';
import type { KustomizationRef } from '@flotilla/spoke-agent/reconcile';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { diffReport, type DiffEntryView } from '../../hub/flux-diff-output.js';
import type { DiffAnswer } from '../../hub/diff-parts.js';
import type { HubClient } from '../../hub/hub-client.js';
import { postJson } from '../../hub/hub-rest.js';
import { buildNested, checkBuildFlags, isKustomization, kustomizationRef, renderForCluster, type BuildKsOptions } from './build-kustomization.js';
import { collect, parseLocalSources } from './local-sources.js';
import { connect, namespaceOption } from './options.js';

type Obj = Record<string, unknown>;
const enc = encodeURIComponent;

/** One Kustomization's report: flux's lines, whether anything would change, and what failed. */
interface DiffRun {
  text: string;
  changed: boolean;
  errors: string[];
}

/** The cluster agent's dry-run of one Kustomization's objects, sent in parts when large, answered as one. */
async function dryRun(hub: HubClient, cluster: string, owner: KustomizationRef, objects: readonly Obj[]): Promise<DiffAnswer> {
  const { diffParts, mergeDiffAnswers } = await import('../../hub/diff-parts.js');
  // Every part is cut before the first is sent, so a build over the bounds sends nothing.
  const parts = diffParts(objects);
  const answers: DiffAnswer[] = [];
  for (const part of parts) {
    answers.push(await postJson<DiffAnswer>(hub, `/api/clusters/${enc(cluster)}/kustomizations/${enc(owner.namespace)}/${enc(owner.name)}/diff`, { objects: part }));
  }
  return mergeDiffAnswers(answers);
}

/** A Kustomization's subject as the agent reports it (Kustomizations are namespaced). */
const subjectOf = (o: Obj): string => {
  const ref = kustomizationRef(o);
  return `Kustomization/${ref.namespace}/${ref.name}`;
};

/**
 * One Kustomization's diff and, with `sources` (`--recursive`), flux's recursion: after each Kustomization it
 * builds that exists in the cluster (not one that would be created) and is not itself, that Kustomization is
 * built from its local source and diffed against the cluster with its own inventory; when it would change
 * anything, `📁 Kustomization/ns/name changed` and its report follow. A nested failure (no local source, a
 * failed dry-run) is collected and the rest goes on, as in flux; like flux, the parent then reports no
 * deletions, since its prune is judged only when nothing failed. A nested Kustomization with a kubeConfig
 * is skipped with flux's warning: its objects are in another cluster.
 */
async function diffTree(io: CliIo, hub: HubClient, cluster: string, owner: KustomizationRef, objects: Obj[], sources: ReadonlyMap<string, string> | undefined, chain: string[]): Promise<DiffRun> {
  const answer = await dryRun(hub, cluster, owner, objects);
  const run: DiffRun = { text: '', changed: false, errors: answer.errors.map((e) => e.message) };
  const kustomizations = new Map(objects.filter(isKustomization).map((o) => [subjectOf(o), o]));
  const nestedFailed = (): boolean => run.errors.length > answer.errors.length;
  const print = (e: DiffEntryView) => {
    const r = diffReport([e]);
    run.text += r.text;
    run.changed ||= r.changed;
  };
  for (const entry of answer.entries) {
    if (entry.action === 'deleted') {
      if (!nestedFailed()) print(entry);
      continue;
    }
    print(entry);
    const obj = kustomizations.get(entry.subject);
    if (!sources || !obj || entry.action === 'created' || entry.action === 'skipped') continue;
    const ref = kustomizationRef(obj);
    if (ref.name === owner.name && ref.namespace === owner.namespace) continue;
    const spec = (obj.spec ?? {}) as { kubeConfig?: unknown };
    if (spec.kubeConfig) {
      run.text += `⚠️ ${entry.subject} skipped: diff not supported for remote clusters\n`;
      continue;
    }
    try {
      const nested = await buildNested(io, obj, sources, chain);
      const sub = await diffTree(io, hub, cluster, ref, nested.objects, sources, [...chain, `${ref.namespace}/${ref.name}`]);
      run.errors.push(...sub.errors);
      if (sub.changed) {
        run.changed = true;
        run.text += `📁 ${entry.subject} changed\n${sub.text}`;
      }
    } catch (err) {
      run.errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  return run;
}

/**
 * `flux diff kustomization` for a hub Kustomization on one cluster: the objects are built as `build
 * kustomization --cluster` builds them, then the cluster's agent dry-runs them (server-side apply, its own field
 * manager) and reports each as created, drifted (with the field changes) or, with prune, deleted. Exit 0 with no
 * differences, 1 with some, as flux; a failure exits with its own code, never 1. A build larger than one
 * request to the hub goes in several, whose answers are merged into one report. With `--recursive`, the
 * Kustomizations it builds that exist in the cluster are diffed too, from `--local-sources` (`diffTree`).
 */
export async function diffKustomization(io: CliIo, name: string, o: BuildKsOptions): Promise<void> {
  try {
    await checkBuildFlags(o);
    const hub = await connect();
    const objects = await renderForCluster(io, hub, name, o, false);
    const sources = o.recursive ? parseLocalSources(o.localSources ?? []) : undefined;
    const owner = { namespace: o.namespace, name };
    const run = await diffTree(io, hub, o.cluster, owner, objects, sources, [`${owner.namespace}/${owner.name}`]);
    io.stdout.write(run.text);
    if (run.errors.length > 0) throw new CliError(EXIT.diffFailed, run.errors.join('\n'));
    if (run.changed) throw new CliError(EXIT.failed, 'identified at least one change, exiting with non-zero exit code');
  } catch (err) {
    // Flux's diff exits 1 only for differences; whatever else fails (the build, no placement) exits above 1.
    if (err instanceof CliError && err.exitCode === EXIT.failed && !err.message.startsWith('identified')) throw new CliError(EXIT.diffFailed, err.message);
    throw err;
  }
}

export function diffCommand(io: CliIo): Command {
  const diff = new Command('diff').description('show what applying would change, as `flux diff` does');
  diff.addCommand(
    namespaceOption(
      new Command('kustomization')
        .alias('ks')
        .description("build a hub Kustomization for one cluster and show what applying it there would change (a server-side dry-run by the cluster's agent)")
        .argument('<name>'),
    )
      .requiredOption('--cluster <name>', 'the cluster whose variables, assignment and live objects are used')
      .option('--path <dir>', "a local directory built in place of the source's spec.path")
      .option('-r, --recursive', 'also diff the Kustomizations it builds that exist in the cluster, built from --local-sources', false)
      .option('--local-sources <Kind/namespace/name=path,...>', 'local directories standing for the sources of the Kustomizations diffed by --recursive (repeatable)', collect, [])
      .action(async (name: string, o: BuildKsOptions) => diffKustomization(io, name, o)),
  );
  return diff;
}
