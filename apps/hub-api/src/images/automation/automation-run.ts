import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { applySetters, renderCommitMessage, type FileSetterChanges, type FileTree, type LatestImageRef } from '@flotilla/reconcile-core';
import { commitAll, isNonFastForward, pushCommit, readFileAt, withClone, type GitRemote, type Workspace } from './git-workspace.js';

/** A file a person edited by hand on a proposal: laid over the automation's changes at every rebuild. */
export interface ManualEdit {
  path: string;
  content: string;
  /** The base commit the person saw when editing; a base that changed this file since is a conflict. */
  baseCommit: string;
}

export interface AutomationRunInput {
  remote: GitRemote;
  automation: { namespace: string; name: string };
  checkoutBranch: string;
  /** Where the commit goes: the push branch (push mode) or the automation's proposal branch. */
  target: { kind: 'push'; branch: string } | { kind: 'proposal'; branch: string };
  updatePath: string;
  /** Every selected policy's latestRef, keyed `namespace:name` as markers name them. */
  policies: Readonly<Record<string, LatestImageRef>>;
  author: { name: string; email: string };
  messageTemplate: string | undefined;
  now: () => Date;
  /** Attempts when the branch moved under a push (each one starts again from the new head). */
  attempts?: number;
  /** Proposal mode: people's edits of the proposal, re-applied on top of the setters. */
  manualEdits?: readonly ManualEdit[];
}

export interface ImageChange {
  file: string;
  object: string | null;
  setter: string;
  policy: string;
  oldValue: string;
  newValue: string;
}

export interface FileDiff {
  path: string;
  diff: string;
  /** The whole file at the base and at the head, for a side-by-side view. */
  before: string;
  after: string;
}

export type AutomationRunResult =
  | { kind: 'no-change'; base: string; warnings: string[] }
  /** The base changed a file people edited by hand since their edit: nothing was pushed. */
  | { kind: 'conflicted'; base: string; files: string[]; warnings: string[] }
  | { kind: 'committed'; base: string; head: string; branch: string; message: string; files: FileDiff[]; changes: ImageChange[]; warnings: string[]; trees: { base: FileTree; head: FileTree } };

/** Every file of the checkout (not `.git`), for rendering both revisions. */
export async function readTree(root: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
      if (rel === '' && entry.name === '.git') continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) out.set(child, await readFile(path.join(root, child)));
    }
  };
  await walk('');
  return out;
}

const MARKER = /#\s*\{\s*"\$imagepolicy"\s*:\s*"([^"]*)"\s*\}/g;

async function yamlFiles(root: string, sub: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) out.push(child);
    }
  };
  await walk(sub);
  return out.sort();
}

/** `update.path` inside the repository, without a leading `./`; refuses a path that leaves it. */
export function normaliseUpdatePath(updatePath: string): string | undefined {
  const normal = path.posix.normalize(updatePath.replace(/\\/g, '/'));
  // Checked before the leading `./` is dropped: that would turn `../x` into `./x`.
  if (normal === '..' || normal.startsWith('../') || path.posix.isAbsolute(normal)) return undefined;
  const clean = normal.replace(/^\.\/?/, '').replace(/\/$/, '');
  return clean === '.' ? '' : clean;
}

async function applyOnce(ws: Workspace, input: AutomationRunInput, sub: string): Promise<{ changed: FileSetterChanges[]; files: FileDiff[]; changes: ImageChange[]; warnings: string[] }> {
  const warnings: string[] = [];
  const changed: FileSetterChanges[] = [];
  const files: FileDiff[] = [];
  const changes: ImageChange[] = [];
  for (const file of await yamlFiles(ws.dir, sub)) {
    const abs = path.join(ws.dir, file);
    const text = await readFile(abs, 'utf8');
    if (!text.includes('$imagepolicy')) continue;
    // A marker naming a policy that is not there (or has chosen nothing yet) is left as it is, with a warning.
    for (const m of text.matchAll(MARKER)) {
      const key = (m[1] ?? '').split(':').slice(0, 2).join(':');
      if (!Object.prototype.hasOwnProperty.call(input.policies, key)) warnings.push(`${file}: marker names ImagePolicy ${key}, which does not exist or has no latest image; value left unchanged`);
    }
    const r = applySetters(text, input.policies, file);
    if (!r.ok) {
      warnings.push(`${file}: ${r.errors[0]!.message}; file left unchanged`);
      continue;
    }
    for (const w of r.warnings) warnings.push(w.message);
    if (r.value.changes.length === 0) continue;
    await writeFile(abs, r.value.text);
    changed.push({ path: file, changes: r.value.changes });
    files.push({ path: file, diff: createTwoFilesPatch(`a/${file}`, `b/${file}`, text, r.value.text, undefined, undefined, { context: 3 }), before: text, after: r.value.text });
    for (const c of r.value.changes)
      changes.push({ file, object: c.object ?? null, setter: c.setter, policy: c.setter.split(':').slice(0, 2).join(':'), oldValue: c.oldValue, newValue: c.newValue });
  }
  return { changed, files, changes, warnings: [...new Set(warnings)] };
}

const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString('utf8'));

/**
 * Lays people's edits over the checkout (after the setters). An edit whose file the base changed since the
 * commit it was made on is not applied: the file is named as a conflict. Returns the paths written.
 */
async function applyManualEdits(ws: Workspace, edits: readonly ManualEdit[], baseTree: ReadonlyMap<string, Uint8Array>, files: FileDiff[]): Promise<{ written: string[]; conflicts: string[] }> {
  const written: string[] = [];
  const conflicts: string[] = [];
  for (const e of edits) {
    const baseNow = text(baseTree.get(e.path));
    if (ws.base !== e.baseCommit && (await readFileAt(ws, e.baseCommit, e.path)) !== baseNow) {
      conflicts.push(e.path);
      continue;
    }
    await mkdir(path.dirname(path.join(ws.dir, e.path)), { recursive: true });
    await writeFile(path.join(ws.dir, e.path), e.content);
    written.push(e.path);
    const before = baseNow ?? '';
    const diff: FileDiff = { path: e.path, diff: createTwoFilesPatch(`a/${e.path}`, `b/${e.path}`, before, e.content, undefined, undefined, { context: 3 }), before, after: e.content };
    const at = files.findIndex((f) => f.path === e.path);
    if (at >= 0) files[at] = diff;
    else files.push(diff);
  }
  return { written, conflicts };
}

/**
 * One automation run, as image-automation-controller does it: clone the checkout branch, rewrite the setter
 * markers under `update.path` from the policies' latest refs, commit once with the rendered message, and
 * push. When the branch moved meanwhile (non-fast-forward), start again from its new head; the base branch
 * is never force-pushed. In proposal mode the commit goes to the automation's own branch, which is rewritten
 * on every run.
 */
export async function runAutomation(input: AutomationRunInput): Promise<AutomationRunResult> {
  const sub = normaliseUpdatePath(input.updatePath);
  if (sub === undefined) throw new Error(`update.path ${JSON.stringify(input.updatePath)} leaves the repository`);
  const attempts = input.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await withClone(input.remote, input.checkoutBranch, async (ws) => {
        const baseTree = await readTree(ws.dir);
        const applied = await applyOnce(ws, input, sub);
        const edits = await applyManualEdits(ws, input.manualEdits ?? [], baseTree, applied.files);
        if (edits.conflicts.length) return { kind: 'conflicted', base: ws.base, files: edits.conflicts, warnings: applied.warnings };
        // What differs from the base once setters and edits are in (an edit may undo a setter's change).
        const touched: string[] = [];
        for (const p of new Set([...applied.changed.map((f) => f.path), ...edits.written])) {
          const was = baseTree.get(p);
          if (!was || Buffer.compare(await readFile(path.join(ws.dir, p)), Buffer.from(was)) !== 0) touched.push(p);
        }
        if (touched.length === 0) return { kind: 'no-change', base: ws.base, warnings: applied.warnings };
        const headTree = new Map(baseTree);
        for (const p of touched) headTree.set(p, await readFile(path.join(ws.dir, p)));
        const rendered = renderCommitMessage(input.messageTemplate, input.automation, applied.changed);
        if (!rendered.ok) throw new Error(rendered.errors[0]!.message);
        const message = edits.written.length ? `${rendered.value.trimEnd()}\n\nEdited by hand: ${edits.written.join(', ')}\n` : rendered.value;
        const head = await commitAll(ws, touched, input.author, message, input.now());
        await pushCommit(input.remote, ws, head, input.target.branch, input.target.kind === 'proposal');
        const files = applied.files.filter((f) => touched.includes(f.path));
        return { kind: 'committed', base: ws.base, head, branch: input.target.branch, message, files, changes: applied.changes, warnings: applied.warnings, trees: { base: baseTree, head: headTree } };
      });
    } catch (err) {
      if (attempt < attempts && isNonFastForward(err)) continue;
      throw err;
    }
  }
}
