import path from 'node:path';
import type { TestGitServer } from '@flotilla/testenv';
import { readTree, type LoadedScenario } from '../scenario/load-scenarios.js';
import type { Step } from '../scenario/scenario.schema.js';
import type { Side } from '../sides/side.js';
import { applyFile, deleteNamespace, deleteObject, header, patchObject } from './cluster-actions.js';
import { compareSnapshots, isRecorded, type Difference } from './compare.js';
import { reconcileAndSettle } from './settle.js';
import { takeSnapshot, type ManagedRef, type TakenSnapshot } from './snapshot.js';

export type Verdict = 'agree' | 'differ' | 'known failure' | 'error';

export interface StepComparison {
  step: number;
  differences: Difference[];
  /** Sides that were still changing at the deadline. */
  unsettled: string[];
  /** Each side's Ready condition of every Flux object, message included: not compared, shown in the full diff. */
  ready: { flux: string[]; flotilla: string[] };
}

export interface ScenarioResult {
  name: string;
  verdict: Verdict;
  /** One line: what makes the verdict (the first unexplained difference, the error, the known failure). */
  summary: string;
  comparisons: StepComparison[];
  /** Recorded differences that were seen as recorded. */
  recordedSeen: number;
  ms: number;
}

export interface Env {
  flux: Side;
  flotilla: Side;
  git: TestGitServer;
}

const DEFAULT_COMPARE_TIMEOUT_S = 45;

type Condition = { type?: string; status?: string; reason?: string; message?: string };

/** `Kind/name: status reason: message` of each Flux object's Ready condition. */
function readyLines(objects: readonly TakenSnapshot['fluxObjects'][number][]): string[] {
  return objects.map((o) => {
    const conditions = (Array.isArray(o.status?.conditions) ? o.status.conditions : []) as Condition[];
    const r = conditions.find((c) => c.type === 'Ready');
    return `${o.kind}/${o.metadata?.name}: ${r ? `${r.status} ${r.reason}: ${r.message}` : '(no Ready condition)'}`;
  });
}

const bothSides = async (env: Env, act: (side: Side) => Promise<void>): Promise<void> => {
  await Promise.all([act(env.flux), act(env.flotilla)]);
};

async function playStep(env: Env, s: LoadedScenario, step: Step, repo: string, vars: Record<string, string>): Promise<void> {
  const ns = s.name;
  if ('commit' in step) {
    const files = await readTree(path.join(s.dir, 'commits', step.commit.dir));
    const sha = await env.git.pushFiles(repo, files, {
      replaceAll: true,
      message: step.commit.message ?? `commit ${step.commit.dir}`,
      ...(step.commit.branch ? { branch: step.commit.branch } : {}),
      ...(step.commit.tag ? { tag: step.commit.tag } : {}),
    });
    // A later `apply` may pin this commit (GitRepository `ref.commit`), whose sha is only known once pushed.
    vars[`COMMIT_${step.commit.dir}`] = sha;
  } else if ('apply' in step) await bothSides(env, (side) => applyFile(side, s.dir, step.apply, ns, vars));
  else if ('delete' in step) await bothSides(env, (side) => deleteObject(side, step.delete, ns));
  else if ('patch' in step) {
    const { patch, fieldManager, ...ref } = step.patch;
    await bothSides(env, (side) => patchObject(side, ref, patch, ns, fieldManager));
  } else if ('deleteNamespace' in step) await bothSides(env, (side) => deleteNamespace(side, step.deleteNamespace));
}

/** Plays one scenario on both sides and compares them at each `compare` step. */
export async function runScenario(env: Env, s: LoadedScenario): Promise<ScenarioResult> {
  const started = Date.now();
  const ns = s.name;
  const comparisons: StepComparison[] = [];
  const result = (verdict: Verdict, summary: string, recordedSeen = 0): ScenarioResult => ({ name: s.name, verdict, summary, comparisons, recordedSeen, ms: Date.now() - started });
  try {
    const repo = await env.git.createRepo(s.name);
    const vars: Record<string, string> = { GIT_URL: repo, NAMESPACE: ns };
    await bothSides(env, (side) => side.core.createNamespace({ body: { metadata: { name: ns } } }).then(() => undefined));
    // Every object an inventory ever named, and the watched ones: a pruned object must show as absent on both sides.
    const seen = new Map<string, ManagedRef>();
    for (const w of s.watch) {
      const h = header(w, ns);
      const group = w.apiVersion.includes('/') ? w.apiVersion.split('/')[0] : '';
      const id = `${h.metadata?.namespace ?? ''}_${w.name}_${group}_${w.kind}`;
      seen.set(id, { id, apiVersion: w.apiVersion, kind: w.kind, name: w.name, namespace: h.metadata?.namespace });
    }
    for (const [i, step] of s.steps.entries()) {
      if (!('compare' in step)) {
        await playStep(env, s, step, repo, vars);
        continue;
      }
      const timeoutMs = (step.compare?.timeoutSeconds ?? DEFAULT_COMPARE_TIMEOUT_S) * 1000;
      const how = { request: step.compare?.request ?? true, observeMs: (step.compare?.observeSeconds ?? 0) * 1000 };
      const [a, b] = await Promise.all([reconcileAndSettle(env.flux, ns, [...seen.values()], timeoutMs, how), reconcileAndSettle(env.flotilla, ns, [...seen.values()], timeoutMs, how)]);
      for (const r of [...a.snap.managed, ...b.snap.managed]) seen.set(r.id, r);
      // Objects first named at this step were not read on the side that did not name them: read both again.
      const [fa, fb] = await Promise.all([takeSnapshot(env.flux, ns, [...seen.values()]), takeSnapshot(env.flotilla, ns, [...seen.values()])]);
      comparisons.push({
        step: i + 1,
        differences: compareSnapshots(fa.snapshot, fb.snapshot),
        unsettled: [a, b].flatMap((x, j) => (x.settled ? [] : [j === 0 ? 'flux' : 'flotilla'])),
        ready: { flux: readyLines(fa.fluxObjects), flotilla: readyLines(fb.fluxObjects) },
      });
    }
    await bothSides(env, (side) => deleteNamespace(side, ns));
  } catch (err) {
    return result('error', err instanceof Error ? err.message : String(err));
  }
  const unexplained = comparisons.flatMap((c) => c.differences.filter((d) => !isRecorded(d, s.differences)).map((d) => ({ step: c.step, d })));
  const seenRecorded = s.differences.filter((r) => comparisons.some((c) => c.differences.some((d) => isRecorded(d, [r]) !== undefined)));
  if (s.knownFailure) return result('known failure', unexplained.length ? s.knownFailure : `marked as a known failure but agrees now: ${s.knownFailure}`, seenRecorded.length);
  const first = unexplained[0];
  if (first) return result('differ', `step ${first.step}: ${first.d.path}: flux=${first.d.flux} flotilla=${first.d.flotilla}`, seenRecorded.length);
  const missing = s.differences.find((r) => !seenRecorded.includes(r));
  if (missing) return result('differ', `the recorded difference at ${missing.path} (${missing.why}) was not seen`, seenRecorded.length);
  return result('agree', seenRecorded.length ? `agree (${seenRecorded.length} recorded difference${seenRecorded.length > 1 ? 's' : ''})` : 'agree', seenRecorded.length);
}
