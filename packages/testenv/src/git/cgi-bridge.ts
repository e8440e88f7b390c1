import { spawn } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';

export function httpBackendPath(): string {
  return process.env.FLOTILLA_GIT_HTTP_BACKEND ?? '/usr/lib/git-core/git-http-backend';
}

export interface CgiOptions {
  backend: string;
  projectRoot: string;
  remoteUser: string;
  home: string;
  logPath: string;
}

interface CgiHead {
  status: number;
  headers: [string, string][];
}

function parseHead(text: string): CgiHead {
  let status = 200;
  const headers: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers.push([name, value]);
  }
  return { status, headers };
}

function headerEnd(buf: Buffer): { at: number; length: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return undefined;
}

// Runs git-http-backend as a CGI program for one request. Both bodies are streamed: pushes and clones of
// large packs never sit in memory. A gzip request body (git sends one for big negotiations) is passed
// through untouched with HTTP_CONTENT_ENCODING; http-backend inflates it itself.
export function serveCgi(req: IncomingMessage, res: ServerResponse, opts: CgiOptions): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let pathInfo: string;
  try {
    pathInfo = decodeURIComponent(url.pathname);
  } catch {
    pathInfo = '..'; // malformed escapes: refuse like a traversal attempt
  }
  if (pathInfo.split('/').some((part) => part === '..')) {
    res.writeHead(400).end('bad path\n');
    return;
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: opts.home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: opts.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: pathInfo,
    QUERY_STRING: url.search.slice(1),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    ...(opts.remoteUser ? { REMOTE_USER: opts.remoteUser, AUTH_TYPE: 'Basic' } : {}),
    ...(req.headers['content-type'] ? { CONTENT_TYPE: req.headers['content-type'] } : {}),
    ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
    ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
    ...(typeof req.headers['git-protocol'] === 'string' ? { GIT_PROTOCOL: req.headers['git-protocol'] } : {}),
  };
  const child = spawn(opts.backend, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on('error', () => undefined); // the backend may answer (e.g. 404) without reading the body
  req.pipe(child.stdin);

  // Respect the client's pace: a slow clone must not pile the whole pack up in memory.
  const send = (chunk: Buffer): void => {
    if (!res.write(chunk)) {
      child.stdout.pause();
      res.once('drain', () => child.stdout.resume());
    }
  };
  let pending: Buffer = Buffer.alloc(0);
  let headSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headSent) {
      send(chunk);
      return;
    }
    pending = Buffer.concat([pending, chunk]);
    const end = headerEnd(pending);
    if (!end) return;
    const head = parseHead(pending.subarray(0, end.at).toString('latin1'));
    res.writeHead(head.status, head.headers);
    headSent = true;
    const rest = pending.subarray(end.at + end.length);
    if (rest.length > 0) send(rest);
  });
  child.on('error', (err) => {
    if (!res.headersSent) res.writeHead(500);
    res.end(`git-http-backend could not run: ${err.message}\n`);
  });
  child.on('close', (code) => {
    const errText = Buffer.concat(stderr).toString('utf8');
    if (errText || code !== 0) {
      void appendFile(opts.logPath, `${req.method} ${req.url} exit=${code}\n${errText}`).catch(
        () => undefined,
      );
    }
    if (!headSent && !res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`git-http-backend failed (exit ${code})\n${errText}`);
      return;
    }
    res.end();
  });
  res.on('close', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
}
