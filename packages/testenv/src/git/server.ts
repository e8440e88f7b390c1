import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { TestenvError } from '../process/errors.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import {
  authenticate,
  authorizationHeader,
  challenge,
  type GitAuthMode,
  type GitCredentials,
} from './auth.js';
import { httpBackendPath, serveCgi } from './cgi-bridge.js';
import { git } from './git-cli.js';
import { pushFiles, type FileChanges, type PushFilesOptions } from './push-files.js';

export interface StartGitServerOptions {
  auth?: GitAuthMode;
}

export interface TestGitServer {
  baseUrl: string;
  auth: GitAuthMode;
  // Always filled; only the ones the auth mode uses are checked.
  credentials: GitCredentials;
  // The value of an Authorization header the server accepts (undefined with auth 'none').
  authorization: string | undefined;
  // Creates an empty bare repository (default branch `main`) and returns its clone URL.
  createRepo(name: string): Promise<string>;
  // `repo` is a name given to createRepo or its clone URL.
  pushFiles(repo: string, files: FileChanges, opts?: PushFilesOptions): Promise<string>;
  // The directory holding the bare repositories (`<name>.git`), for servers of other protocols.
  reposDir: string;
  // HTTP requests served so far (including rejected ones), for tests that count fetches.
  requests(): number;
  // git-http-backend's stderr, for a failing test to print.
  logPath: string;
  stop(): Promise<void>;
}

const repoName = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

// Smart-HTTP git server: git-http-backend (the one git ships) behind node:http as a CGI bridge, so clients
// meet the real protocol (v0 and v2, shallow, pushes) and the auth modes Flux's GitRepository supports.
export async function startGitServer(opts: StartGitServerOptions = {}): Promise<TestGitServer> {
  const mode = opts.auth ?? 'none';
  const backend = httpBackendPath();
  if (!existsSync(backend)) {
    throw new TestenvError(
      `${backend} not found; install git (Debian: apt-get install git) or set FLOTILLA_GIT_HTTP_BACKEND`,
    );
  }
  const dir = await makeTempDir('git');
  const projectRoot = path.join(dir, 'repos');
  const scratchRoot = path.join(dir, 'scratch');
  const logPath = path.join(dir, 'http-backend.log');
  await Promise.all([mkdir(projectRoot), mkdir(scratchRoot)]);
  const credentials: GitCredentials = {
    username: 'flotilla',
    password: randomBytes(12).toString('hex'),
    token: randomBytes(20).toString('hex'),
  };
  let served = 0;

  const server = http.createServer((req, res) => {
    served++;
    const user = authenticate(req, mode, credentials);
    if (user === undefined) {
      req.resume();
      res
        .writeHead(401, { 'WWW-Authenticate': challenge(mode), 'Content-Type': 'text/plain' })
        .end('authentication required\n');
      return;
    }
    serveCgi(req, res, { backend, projectRoot, remoteUser: user, home: dir, logPath });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const authorization = authorizationHeader(mode, credentials);

  const nameOf = (repo: string): string => {
    const name = repo.startsWith(`${baseUrl}/`) ? repo.slice(baseUrl.length + 1).replace(/\.git$/, '') : repo;
    if (!repoName.test(name) || name.split('/').includes('..'))
      throw new TestenvError(`invalid git repository name ${JSON.stringify(repo)}`);
    return name;
  };

  return {
    baseUrl,
    auth: mode,
    credentials,
    authorization,
    logPath,
    reposDir: projectRoot,
    async createRepo(name) {
      const bare = path.join(projectRoot, `${nameOf(name)}.git`);
      await mkdir(bare, { recursive: true });
      await git(['init', '-q', '--bare', '-b', 'main'], { cwd: bare, home: dir });
      await git(['config', 'http.receivepack', 'true'], { cwd: bare, home: dir });
      // Let clients fetch any reachable commit by sha and use partial clone filters, as GitHub and GitLab do.
      await git(['config', 'uploadpack.allowReachableSHA1InWant', 'true'], { cwd: bare, home: dir });
      await git(['config', 'uploadpack.allowFilter', 'true'], { cwd: bare, home: dir });
      return `${baseUrl}/${nameOf(name)}.git`;
    },
    pushFiles(repo, files, pushOpts) {
      return pushFiles(
        { cloneUrl: `${baseUrl}/${nameOf(repo)}.git`, scratchRoot, home: dir, authorization },
        files,
        pushOpts,
      );
    },
    requests: () => served,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await removeDir(dir);
    },
  };
}
