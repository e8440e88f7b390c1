import fs from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import git, { Errors, type HttpClient } from 'isomorphic-git';
import { credentialHttpClient, GitTransportError, SshGitPushTransport, type HttpCredentials, type RemoteOptions, type SshCredentials } from '@flotilla/git-source';
import { CliError, EXIT } from '../../hub/exit-codes.js';

export interface GitTarget {
  url: string;
  branch: string;
  credentials?: HttpCredentials;
  /** ssh:// URLs: the key, its passphrase and the host keys to trust; git runs as the system binary. */
  ssh?: SshCredentials;
  /** ssh: how a refusal names the key (the flag it came from, or the generated deploy key). */
  sshKeyShown?: string;
  /** ssh: the person's SSH agent (SSH_AUTH_SOCK) to push through instead of the key of `ssh`, as flux's bootstrap does. */
  sshAgent?: string;
  author: { name: string; email: string };
}

export interface Commit {
  message: string;
  /** Repository-relative path → content. */
  files: Record<string, string>;
}

const http = (t: GitTarget): HttpClient => credentialHttpClient({ url: t.url, credentials: t.credentials, signal: AbortSignal.timeout(120_000) });

/** Why a git request failed, as a CliError whose exit code says whether access or reachability is missing. */
function gitFailure(t: GitTarget, err: unknown, doing: string): CliError {
  if (err instanceof Errors.HttpError) {
    const status = err.data.statusCode;
    if (status === 401 || status === 403) {
      const who = t.credentials ? 'the credentials given (--username/--password)' : 'anonymous access (give --username/--password)';
      return new CliError(EXIT.unauthorized, `${doing}: the git server answered ${status}: ${who} cannot push to ${t.url}; bootstrap needs write access to branch "${t.branch}"`);
    }
    if (status === 404) return new CliError(EXIT.notFound, `${doing}: the git server answered 404: there is no repository at ${t.url}`);
    return new CliError(EXIT.failed, `${doing}: the git server answered ${status} ${err.data.statusMessage}`);
  }
  const cause = (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;
  if (cause && /^E[A-Z]+$/.test(cause)) return new CliError(EXIT.unreachable, `${doing}: cannot reach the git server at ${new URL(t.url).origin}: ${cause}`);
  return new CliError(EXIT.failed, `${doing}: ${err instanceof Error ? err.message : String(err)}`);
}

const sshRemote = (t: GitTarget): RemoteOptions => ({ url: t.url, ssh: t.ssh, signal: AbortSignal.timeout(120_000) });
const sshPush = (t: GitTarget) => new SshGitPushTransport(t.sshAgent ? { agentSocket: t.sshAgent } : {});

/** Why a git command over ssh failed, with the exit codes of the http(s) path's failures. */
function sshFailure(t: GitTarget, err: unknown, doing: string): CliError {
  if (!(err instanceof GitTransportError)) return new CliError(EXIT.failed, `${doing}: ${err instanceof Error ? err.message : String(err)}`);
  const key = t.sshAgent ? 'the identities of your SSH agent (SSH_AUTH_SOCK)' : (t.sshKeyShown ?? 'the key given');
  const needs = t.sshAgent
    ? `without --private-key-file bootstrap pushes through your SSH agent: add a key with write access to branch "${t.branch}" to it (ssh-add <file>), or give one with --private-key-file`
    : `bootstrap needs a key with write access to branch "${t.branch}" (a deploy key allowed to push)`;
  switch (err.kind) {
    case 'auth':
      return new CliError(EXIT.unauthorized, `${doing}: ${err.message}: ${key} cannot push to ${t.url}; ${needs}`);
    case 'protocol':
      // Servers refuse a read-only key when git-receive-pack starts, with their own words.
      return new CliError(EXIT.unauthorized, `${doing}: the git server refused git-receive-pack (${err.message.replace(/^git error: /, '')}): ${key} cannot push to ${t.url}; ${needs}`);
    case 'host-key':
      return new CliError(EXIT.unauthorized, `${doing}: ${err.message}: the SSH server at ${t.url} is not the one the known hosts name (--known-hosts-file, or the scanned key); nothing was sent to it`);
    case 'not-found':
      return new CliError(EXIT.notFound, `${doing}: there is no repository at ${t.url}`);
    case 'network':
    case 'timeout':
      return new CliError(EXIT.unreachable, `${doing}: cannot reach the git server at ${new URL(t.url).host}: ${err.message}`);
    default:
      return new CliError(EXIT.failed, `${doing}: ${err.message}`);
  }
}

/**
 * The check `git push --dry-run` makes: the receive-pack advertisement, which a server gives only to a client
 * allowed to push. Returns the branch's commit, or undefined when the branch does not exist yet.
 */
export async function checkPushAccess(t: GitTarget): Promise<string | undefined> {
  if (t.ssh) {
    try {
      const refs = await sshPush(t).listPushRefs(sshRemote(t));
      return refs.find((r) => r.ref === `refs/heads/${t.branch}`)?.oid;
    } catch (err) {
      throw sshFailure(t, err, 'checking write access to the git repository');
    }
  }
  try {
    const info = await git.getRemoteInfo({ http: http(t), url: t.url, forPush: true });
    return info.refs?.heads?.[t.branch];
  } catch (err) {
    throw gitFailure(t, err, 'checking write access to the git repository');
  }
}

/** The branch's current commit as the server advertises it to readers, or undefined when it does not exist. */
async function remoteHead(t: GitTarget): Promise<string | undefined> {
  if (t.ssh) return (await sshPush(t).listRefs(sshRemote(t))).find((r) => r.ref === `refs/heads/${t.branch}`)?.oid;
  const refs = await git.listServerRefs({ http: http(t), url: t.url, prefix: `refs/heads/${t.branch}` });
  return refs.find((r) => r.ref === `refs/heads/${t.branch}`)?.oid;
}

export interface PushOutcome {
  /** The commits made, oldest first (empty: the branch already held these files). */
  commits: Array<{ oid: string; message: string }>;
  head: string;
}

async function sameContent(file: string, content: string): Promise<boolean> {
  try {
    return (await readFile(file, 'utf8')) === content;
  } catch {
    return false;
  }
}

const movedBranch = (t: GitTarget) => new CliError(EXIT.failed, `branch "${t.branch}" moved while bootstrap ran; nothing was forced: run bootstrap again`);

/**
 * Clones the branch (or starts it when it does not exist), makes one commit per entry whose files differ from
 * what the branch holds, and pushes them without force: a branch that moved meanwhile is refused by the
 * server and nothing is rewritten. Over http(s) isomorphic-git does all of it; over ssh the system git clones
 * and pushes (isomorphic-git has no ssh transport) and isomorphic-git commits in between, as for http(s).
 */
export async function commitAndPush(t: GitTarget, commits: readonly Commit[], now: Date = new Date()): Promise<PushOutcome> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-bootstrap-'));
  try {
    let head: string | undefined;
    try {
      head = await remoteHead(t);
      if (head && t.ssh) await sshPush(t).cloneBranch(sshRemote(t), t.branch, dir);
      else if (head) await git.clone({ fs, http: http(t), dir, url: t.url, ref: t.branch, singleBranch: true, noTags: true });
      else await git.init({ fs, dir, defaultBranch: t.branch });
    } catch (err) {
      throw t.ssh ? sshFailure(t, err, `cloning branch "${t.branch}"`) : gitFailure(t, err, `cloning branch "${t.branch}"`);
    }
    const made: PushOutcome['commits'] = [];
    for (const commit of commits) {
      const changed: string[] = [];
      for (const [file, content] of Object.entries(commit.files)) {
        const abs = path.join(dir, file);
        if (await sameContent(abs, content)) continue;
        await mkdir(path.dirname(abs), { recursive: true });
        await writeFile(abs, content);
        await git.add({ fs, dir, filepath: file });
        changed.push(file);
      }
      if (changed.length === 0) continue;
      const timestamp = Math.floor(now.getTime() / 1000);
      const oid = await git.commit({ fs, dir, message: commit.message, author: { ...t.author, timestamp, timezoneOffset: 0 } });
      made.push({ oid, message: commit.message });
    }
    if (made.length === 0) return { commits: [], head: head! };
    const last = made.at(-1)!.oid;
    if (t.ssh) {
      try {
        await sshPush(t).pushHead(sshRemote(t), dir, t.branch);
      } catch (err) {
        throw err instanceof GitTransportError && err.kind === 'rejected' ? movedBranch(t) : sshFailure(t, err, `pushing to "${t.branch}"`);
      }
      return { commits: made, head: last };
    }
    try {
      const res = await git.push({ fs, http: http(t), dir, url: t.url, ref: t.branch, remoteRef: `refs/heads/${t.branch}`, force: false });
      const refResult = Object.values(res.refs ?? {})[0];
      if (!res.ok || (refResult && !refResult.ok)) throw new CliError(EXIT.failed, `the git server refused the push to "${t.branch}": ${refResult?.error ?? res.error ?? 'no reason given'}`);
    } catch (err) {
      if (err instanceof CliError) throw err;
      if (err instanceof Errors.PushRejectedError) throw movedBranch(t);
      throw gitFailure(t, err, `pushing to "${t.branch}"`);
    }
    return { commits: made, head: last };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
