import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// A stand-in for GitHub, GitLab and Gitea: a real forge cannot be reached from the test machines, so this
// local HTTP server checks every request against the forge's documented REST API (method, path, auth
// header, required body fields and their types) and answers with the documented shapes and statuses.
// A request the documentation does not allow is answered 400 and recorded in `violations`, which tests
// assert empty. With `git`, merges are real: the forge pushes to the real git server as a forge would.

const run = promisify(execFile);

export type ForgeKind = 'github' | 'gitlab' | 'gitea';

export interface FakePull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed' | 'merged';
  mergeCommit: string | null;
  headSha: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface FakeForgeOptions {
  kind: ForgeKind;
  token: string;
  /** owner/name (GitHub, Gitea) or the project path (GitLab). */
  repository: string;
  /** The real git server behind the forge: clone URL and the Authorization header it takes. */
  git?: { url: string; authorization: string | undefined };
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

const API_PREFIX: Record<ForgeKind, string> = { github: '', gitlab: '/api/v4', gitea: '/api/v1' };

export class FakeForge {
  readonly pulls = new Map<number, FakePull>();
  readonly comments: { number: number; body: string }[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  /** Answers to give instead of the next requests (errors, rate limits). */
  readonly failNext: Answer[] = [];
  /** While set, every connection is cut before an answer (the forge is down). */
  down = false;
  /** In-memory branch heads when there is no git server. */
  readonly branches = new Map<string, string>();
  private server!: http.Server;
  private nextNumber = 1;
  apiUrl = '';

  constructor(private readonly opts: FakeForgeOptions) {}

  static async start(opts: FakeForgeOptions): Promise<FakeForge> {
    const forge = new FakeForge(opts);
    forge.server = http.createServer((req, res) => void forge.handle(req, res));
    await new Promise<void>((resolve) => forge.server.listen(0, '127.0.0.1', resolve));
    forge.apiUrl = `http://127.0.0.1:${(forge.server.address() as AddressInfo).port}${API_PREFIX[opts.kind]}`;
    return forge;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A person merges the pull request in the forge's web UI: the base branch moves by a real push. */
  async mergeInUi(number: number): Promise<string> {
    const pr = this.pulls.get(number)!;
    pr.headSha = await this.branchHead(pr.head);
    pr.mergeCommit = await this.fastForward(pr.head, pr.base);
    pr.state = 'merged';
    return pr.mergeCommit;
  }

  private async branchHead(branch: string): Promise<string> {
    if (!this.opts.git) return this.branches.get(branch) ?? '0'.repeat(40);
    const { stdout } = await run('git', [...this.gitAuth(), 'ls-remote', this.opts.git.url, `refs/heads/${branch}`], { env: this.gitEnv() });
    return stdout.split('\t')[0] ?? '';
  }

  private gitAuth(): string[] {
    return this.opts.git?.authorization ? ['-c', `http.extraHeader=Authorization: ${this.opts.git.authorization}`] : [];
  }

  private gitEnv(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: os.tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
  }

  /** Pushes the head branch's commit to the base branch (a plain push: a fast-forward or nothing). */
  private async fastForward(head: string, base: string): Promise<string> {
    if (!this.opts.git) {
      const sha = this.branches.get(head) ?? '0'.repeat(40);
      this.branches.set(base, sha);
      return sha;
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fake-forge-'));
    try {
      const git = (...args: string[]) => run('git', [...this.gitAuth(), ...args], { cwd: dir, env: this.gitEnv() });
      await git('init', '-q');
      await git('fetch', '-q', this.opts.git.url, `refs/heads/${head}`);
      const { stdout } = await git('rev-parse', 'FETCH_HEAD');
      await git('push', '-q', this.opts.git.url, `FETCH_HEAD:refs/heads/${base}`);
      return stdout.trim();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const url = new URL(req.url ?? '/', 'http://forge');
    // The raw path: GitLab's project path must arrive URL-encoded (`group%2Fproject`).
    const rawPath = (req.url ?? '/').split('?')[0]!;
    this.requests.push({ method: req.method ?? '', path: rawPath, headers: req.headers, body });
    const answer = this.failNext.shift() ?? (await this.route(req, rawPath, url.searchParams, body).catch((err: unknown): Answer => ({ status: 500, body: { message: String(err) } })));
    res.writeHead(answer.status, { ...(answer.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...answer.headers });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  private violation(what: string): Answer {
    this.violations.push(what);
    return { status: 400, body: { message: `fake forge: not the documented API: ${what}` } };
  }

  private authorised(req: http.IncomingMessage): boolean {
    const { kind, token } = this.opts;
    if (kind === 'github') return req.headers.authorization === `Bearer ${token}`;
    if (kind === 'gitlab') return req.headers['private-token'] === token;
    return req.headers.authorization === `token ${token}`;
  }

  private async route(req: http.IncomingMessage, rawPath: string, query: URLSearchParams, body: unknown): Promise<Answer> {
    const { kind } = this.opts;
    const prefix = API_PREFIX[kind];
    if (!rawPath.startsWith(`${prefix}/`)) return this.violation(`path ${rawPath} outside ${prefix}/`);
    const rest = rawPath.slice(prefix.length);
    if (!this.authorised(req)) return { status: 401, body: kind === 'github' ? { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } : kind === 'gitlab' ? { message: '401 Unauthorized' } : { message: 'token is required' } };
    if (kind === 'github' && (req.headers.accept !== 'application/vnd.github+json' || req.headers['x-github-api-version'] !== '2022-11-28')) return this.violation('GitHub requests carry Accept: application/vnd.github+json and X-GitHub-Api-Version: 2022-11-28');
    if (body !== undefined && !String(req.headers['content-type']).startsWith('application/json')) return this.violation('a JSON body without Content-Type: application/json');
    const repoBase = kind === 'gitlab' ? `/projects/${encodeURIComponent(this.opts.repository)}` : `/repos/${this.opts.repository}`;
    if (!rest.startsWith(repoBase)) return kind === 'gitlab' && rest.startsWith(`/projects/${this.opts.repository}`) ? this.violation('GitLab project path not URL-encoded') : { status: 404, body: { message: kind === 'gitlab' ? '404 Project Not Found' : 'Not Found' } };
    const sub = rest.slice(repoBase.length);
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const str = (field: string, required: boolean): string | undefined | Answer => {
      const v = b[field];
      if (v === undefined) return required ? this.violation(`${req.method} ${sub}: ${field} is required`) : undefined;
      if (typeof v !== 'string') return this.violation(`${req.method} ${sub}: ${field} must be a string`);
      return v;
    };
    const isAnswer = (v: unknown): v is Answer => typeof v === 'object' && v !== null && 'status' in v;
    return kind === 'gitlab' ? this.gitlab(req.method ?? '', sub, query, b, str, isAnswer) : this.githubOrGitea(req.method ?? '', sub, query, b, str, isAnswer);
  }

  private githubView(p: FakePull): unknown {
    const web = `${this.apiUrl.replace(/\/api\/v1$/, '')}/${this.opts.repository}/pull${this.opts.kind === 'github' ? '' : 's'}/${p.number}`;
    const base = { number: p.number, html_url: web, title: p.title, body: p.body, state: p.state === 'open' ? 'open' : 'closed', merged: p.state === 'merged', merge_commit_sha: p.mergeCommit, head: { ref: p.head, sha: p.headSha }, base: { ref: p.base } };
    return this.opts.kind === 'github' ? { ...base, merged_at: p.state === 'merged' ? new Date().toISOString() : null } : base;
  }

  private gitlabView(p: FakePull): unknown {
    return { iid: p.number, id: 1000 + p.number, web_url: `${this.apiUrl.replace(/\/api\/v4$/, '')}/${this.opts.repository}/-/merge_requests/${p.number}`, title: p.title, description: p.body, state: p.state === 'open' ? 'opened' : p.state, source_branch: p.head, target_branch: p.base, sha: p.headSha, merge_commit_sha: p.state === 'merged' ? p.mergeCommit : null, squash_commit_sha: null };
  }

  private async open(head: string, base: string, title: string, body: string): Promise<FakePull> {
    const pr: FakePull = { number: this.nextNumber++, head, base, title, body, state: 'open', mergeCommit: null, headSha: await this.branchHead(head) };
    this.pulls.set(pr.number, pr);
    return pr;
  }

  private async githubOrGitea(method: string, sub: string, query: URLSearchParams, b: Record<string, unknown>, str: (f: string, r: boolean) => string | undefined | Answer, isAnswer: (v: unknown) => v is Answer): Promise<Answer> {
    const github = this.opts.kind === 'github';
    const max = 65_536;
    if (method === 'POST' && sub === '/pulls') {
      const [title, head, base, body] = [str('title', true), str('head', true), str('base', true), str('body', false)];
      for (const v of [title, head, base, body]) if (isAnswer(v)) return v;
      if (typeof body === 'string' && body.length > max) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }] } };
      if ([...this.pulls.values()].some((p) => p.head === head && p.state === 'open'))
        return github ? { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${head as string}.` }] } } : { status: 409, body: { message: 'pull request already exists for these targets' } };
      return { status: 201, body: this.githubView(await this.open(head as string, base as string, title as string, (body as string | undefined) ?? '')) };
    }
    if (method === 'GET' && sub === '/pulls') {
      const head = query.get('head')?.split(':').pop();
      return { status: 200, body: [...this.pulls.values()].filter((p) => p.state === 'open' && (!head || p.head === head)).map((p) => this.githubView(p)) };
    }
    const one = /^\/pulls\/(\d+)(\/merge)?$/.exec(sub);
    const issueComment = /^\/issues\/(\d+)\/comments$/.exec(sub);
    const pr = one ? this.pulls.get(Number(one[1])) : issueComment ? this.pulls.get(Number(issueComment[1])) : undefined;
    if ((one || issueComment) && !pr) return { status: 404, body: { message: 'Not Found' } };
    if (one && !one[2] && method === 'GET') return { status: 200, body: this.githubView(pr!) };
    if (one && !one[2] && method === 'PATCH') {
      for (const f of ['title', 'body', 'state']) {
        const v = str(f, false);
        if (isAnswer(v)) return v;
      }
      if (b.state !== undefined && b.state !== 'open' && b.state !== 'closed') return this.violation('PATCH pulls: state is open or closed');
      if (typeof b.title === 'string') pr!.title = b.title;
      if (typeof b.body === 'string') pr!.body = b.body;
      if (b.state === 'closed' && pr!.state === 'open') pr!.state = 'closed';
      // Gitea answers an edit with 201, GitHub with 200 (each as documented).
      return { status: github ? 200 : 201, body: this.githubView(pr!) };
    }
    if (one?.[2] && (github ? method === 'PUT' : method === 'POST')) {
      const strategy = github ? b.merge_method : b.Do;
      const allowed = github ? ['merge', 'squash', 'rebase'] : ['merge', 'rebase', 'rebase-merge', 'squash', 'fast-forward-only', 'manually-merged'];
      if (github ? strategy !== undefined && !allowed.includes(String(strategy)) : !allowed.includes(String(strategy))) return this.violation(`merge: ${github ? 'merge_method' : 'Do'} is one of ${allowed.join(', ')}`);
      const sha = github ? b.sha : b.head_commit_id;
      if (pr!.state !== 'open') return { status: 405, body: { message: 'Pull Request is not mergeable' } };
      const head = await this.branchHead(pr!.head);
      if (typeof sha === 'string' && sha !== head) return { status: 409, body: { message: github ? 'Head branch was modified. Review and try the merge again.' : 'head out of date' } };
      pr!.headSha = head;
      pr!.mergeCommit = await this.fastForward(pr!.head, pr!.base);
      pr!.state = 'merged';
      return github ? { status: 200, body: { sha: pr!.mergeCommit, merged: true, message: 'Pull Request successfully merged' } } : { status: 200 };
    }
    if (issueComment && method === 'POST') {
      const body = str('body', true);
      if (isAnswer(body)) return body;
      if ((body as string).length > max) return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'IssueComment', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }] } };
      this.comments.push({ number: pr!.number, body: body as string });
      return { status: 201, body: { id: this.comments.length, body, html_url: `${this.apiUrl}/comment/${this.comments.length}` } };
    }
    return this.violation(`${method} ${sub} is not a documented ${github ? 'GitHub' : 'Gitea'} pull-request call`);
  }

  private async gitlab(method: string, sub: string, query: URLSearchParams, b: Record<string, unknown>, str: (f: string, r: boolean) => string | undefined | Answer, isAnswer: (v: unknown) => v is Answer): Promise<Answer> {
    if (method === 'POST' && sub === '/merge_requests') {
      const [source, target, title, description] = [str('source_branch', true), str('target_branch', true), str('title', true), str('description', false)];
      for (const v of [source, target, title, description]) if (isAnswer(v)) return v;
      const existing = [...this.pulls.values()].find((p) => p.head === source && p.state === 'open');
      if (existing) return { status: 409, body: { message: [`Another open merge request already exists for this source branch: !${existing.number}`] } };
      return { status: 201, body: this.gitlabView(await this.open(source as string, target as string, title as string, (description as string | undefined) ?? '')) };
    }
    if (method === 'GET' && sub === '/merge_requests') {
      const source = query.get('source_branch');
      return { status: 200, body: [...this.pulls.values()].filter((p) => (query.get('state') !== 'opened' || p.state === 'open') && (!source || p.head === source)).map((p) => this.gitlabView(p)) };
    }
    const m = /^\/merge_requests\/(\d+)(\/merge|\/notes)?$/.exec(sub);
    const mr = m ? this.pulls.get(Number(m[1])) : undefined;
    if (m && !mr) return { status: 404, body: { message: '404 Not found' } };
    if (m && !m[2] && method === 'GET') return { status: 200, body: this.gitlabView(mr!) };
    if (m && !m[2] && method === 'PUT') {
      for (const f of ['title', 'description', 'state_event']) {
        const v = str(f, false);
        if (isAnswer(v)) return v;
      }
      if (b.state_event !== undefined && b.state_event !== 'close' && b.state_event !== 'reopen') return this.violation('PUT merge_requests: state_event is close or reopen');
      if (typeof b.title === 'string') mr!.title = b.title;
      if (typeof b.description === 'string') mr!.body = b.description;
      if (b.state_event === 'close' && mr!.state === 'open') mr!.state = 'closed';
      return { status: 200, body: this.gitlabView(mr!) };
    }
    if (m?.[2] === '/merge' && method === 'PUT') {
      for (const f of ['sha', 'merge_commit_message']) {
        const v = str(f, false);
        if (isAnswer(v)) return v;
      }
      if (mr!.state !== 'open') return { status: 405, body: { message: '405 Method Not Allowed' } };
      const head = await this.branchHead(mr!.head);
      if (typeof b.sha === 'string' && b.sha !== head) return { status: 409, body: { message: 'SHA does not match HEAD of source branch: ' + head } };
      mr!.headSha = head;
      mr!.mergeCommit = await this.fastForward(mr!.head, mr!.base);
      mr!.state = 'merged';
      return { status: 200, body: this.gitlabView(mr!) };
    }
    if (m?.[2] === '/notes' && method === 'POST') {
      const body = str('body', true);
      if (isAnswer(body)) return body;
      this.comments.push({ number: mr!.number, body: body as string });
      return { status: 201, body: { id: this.comments.length, body, noteable_iid: mr!.number } };
    }
    return this.violation(`${method} ${sub} is not a documented GitLab merge-request call`);
  }
}
