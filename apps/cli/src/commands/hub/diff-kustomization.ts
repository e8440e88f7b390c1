import { Command } from 'commander';
import type { CliIo } from '../../command.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { diffReport } from '../../hub/flux-diff-output.js';
import type { DiffAnswer } from '../../hub/diff-parts.js';
import { postJson } from '../../hub/hub-rest.js';
import { renderForCluster, type BuildKsOptions } from './build-kustomization.js';
import { connect, namespaceOption } from './options.js';

const enc = encodeURIComponent;

/**
 * `flux diff kustomization` for a hub Kustomization on one cluster: the objects are built as `build
 * kustomization --cluster` builds them, then the cluster's agent dry-runs them (server-side apply, its own field
 * manager) and reports each as created, drifted (with the field changes) or, with prune, deleted. Exit 0 with no
 * differences, 1 with some, as flux; a failure exits with its own code, never 1. A build larger than one
 * request to the hub goes in several, whose answers are merged into one report.
 */
export async function diffKustomization(io: CliIo, name: string, o: BuildKsOptions): Promise<void> {
  try {
    const hub = await connect();
    const objects = await renderForCluster(io, hub, name, o);
    const { diffParts, mergeDiffAnswers } = await import('../../hub/diff-parts.js');
    // Every part is cut before the first is sent, so a build over the bounds sends nothing.
    const parts = diffParts(objects);
    const answers: DiffAnswer[] = [];
    for (const part of parts) {
      answers.push(await postJson<DiffAnswer>(hub, `/api/clusters/${enc(o.cluster)}/kustomizations/${enc(o.namespace)}/${enc(name)}/diff`, { objects: part }));
    }
    const answer = mergeDiffAnswers(answers);
    const { text, changed } = diffReport(answer.entries);
    io.stdout.write(text);
    if (answer.errors.length > 0) throw new CliError(EXIT.diffFailed, answer.errors.map((e) => e.message).join('\n'));
    if (changed) throw new CliError(EXIT.failed, 'identified at least one change, exiting with non-zero exit code');
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
      .action(async (name: string, o: BuildKsOptions) => diffKustomization(io, name, o)),
  );
  return diff;
}
