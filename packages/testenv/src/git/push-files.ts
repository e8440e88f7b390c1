import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TestenvError } from '../process/errors.js';
import { git, type GitRun } from './git-cli.js';

export interface PushFilesOptions {
  // Branch to commit on (default `main`). A branch that does not exist yet starts from `main`'s head.
  branch?: string;
  message?: string;
  // Also point this tag at the new commit (moved if it exists).
  tag?: string;
  // With a tag: make it an annotated tag with this message (default: a lightweight tag).
  tagMessage?: string;
  // The commit's tree is exactly `files` (parent stays the branch head), instead of head + `files`.
  replaceAll?: boolean;
}

export interface PushTarget {
  cloneUrl: string;
  scratchRoot: string;
  home: string;
  authorization?: string;
}

export type FileChanges = Record<string, string | null>;

function safeRelative(file: string): string {
  const normal = path.posix.normalize(file.replace(/\\/g, '/'));
  if (
    normal.startsWith('../') ||
    normal === '..' ||
    path.posix.isAbsolute(normal) ||
    normal === '.' ||
    normal.startsWith('.git/') ||
    normal === '.git'
  ) {
    throw new TestenvError(`pushFiles: ${JSON.stringify(file)} is not a path inside the repository`);
  }
  return normal;
}

// Also keeps a name that starts with '-' from being read as an option by git.
const refName = /^(?!.*(?:\.\.|\/\/|@\{|\.lock(?:\/|$)))[A-Za-z0-9_][A-Za-z0-9._/-]*(?<![./])$/;

function checkRefName(kind: string, name: string): void {
  if (!refName.test(name)) throw new TestenvError(`pushFiles: invalid ${kind} name ${JSON.stringify(name)}`);
}

async function remoteHeads(target: PushTarget, run: GitRun): Promise<Map<string, string>> {
  const out = await git(['ls-remote', '--heads', target.cloneUrl], run);
  const heads = new Map<string, string>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [sha, ref] = line.split('\t');
    if (sha && ref) heads.set(ref.replace(/^refs\/heads\//, ''), sha);
  }
  return heads;
}

// Commits `files` on top of the branch head in a scratch repository and pushes through the HTTP server,
// so every push passes the server's auth exactly like a user's would. Returns the new commit sha.
// Tests running side by side may push to the same branch; a push that lost the race is redone on top of
// the new head, as a person would after `git pull`.
export async function pushFiles(
  target: PushTarget,
  files: FileChanges,
  opts: PushFilesOptions = {},
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitAndPush(target, files, opts);
    } catch (err) {
      const lostRace =
        err instanceof TestenvError &&
        /\[rejected\]|fetch first|non-fast-forward|failed to update ref|cannot lock ref/.test(
          err.logTail ?? '',
        );
      if (!lostRace || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}

async function commitAndPush(
  target: PushTarget,
  files: FileChanges,
  opts: PushFilesOptions,
): Promise<string> {
  const branch = opts.branch ?? 'main';
  checkRefName('branch', branch);
  if (opts.tag !== undefined) checkRefName('tag', opts.tag);
  const changes = Object.entries(files).map(([file, content]) => [safeRelative(file), content] as const);
  const work = await mkdtemp(path.join(target.scratchRoot, 'push-'));
  const config: Record<string, string> = target.authorization
    ? { 'http.extraHeader': `Authorization: ${target.authorization}` }
    : {};
  const run: GitRun = { cwd: work, home: target.home, config };
  try {
    await git(['init', '-q', '-b', branch], run);
    const heads = await remoteHeads(target, run);
    const base = heads.has(branch) ? branch : heads.has('main') ? 'main' : undefined;
    if (base) {
      await git(['fetch', '-q', target.cloneUrl, `refs/heads/${base}`], run);
      if (opts.replaceAll)
        await git(['update-ref', `refs/heads/${branch}`, 'FETCH_HEAD'], run); // index stays empty
      else await git(['checkout', '-q', '-B', branch, 'FETCH_HEAD'], run);
    }
    for (const [file, content] of changes) {
      const abs = path.join(work, file);
      if (content === null) {
        await rm(abs, { force: true, recursive: true });
      } else {
        await mkdir(path.dirname(abs), { recursive: true });
        await writeFile(abs, content);
      }
    }
    await git(['add', '-A'], run);
    await git(
      [
        'commit',
        '-q',
        '--allow-empty',
        '--no-verify',
        '-m',
        opts.message ?? `update ${changes.map(([f]) => f).join(', ') || 'nothing'}`,
      ],
      run,
    );
    const sha = await git(['rev-parse', 'HEAD'], run);
    const refspecs = [`HEAD:refs/heads/${branch}`];
    if (opts.tag) {
      const tagArgs = opts.tagMessage
        ? ['tag', '-f', '-a', opts.tag, '-m', opts.tagMessage]
        : ['tag', '-f', opts.tag];
      await git(tagArgs, run);
      refspecs.push(`+refs/tags/${opts.tag}:refs/tags/${opts.tag}`);
    }
    await git(['push', '-q', target.cloneUrl, ...refspecs], run);
    return sha;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
