import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Artifact } from '../reconcile/index.js';
import { DIGEST, type AssignedSource } from '../assignment/assignment.js';

export type ArtifactFetch =
  | { ok: true; artifact: Extract<Artifact, { kind: 'tarball' }>; downloaded: boolean }
  /** `mismatch`: the bytes are not what the digest promised (never applied); `unavailable`: could not download. */
  | { ok: false; kind: 'mismatch' | 'unavailable'; message: string };

export interface ArtifactCacheOptions {
  dir: string;
  hubUrl: string;
  credential: string;
  /** Largest artifact accepted (default 512 MiB, the tar reader's own limit). */
  maxBytes?: number;
  timeoutMs?: number;
}

/** What names an artifact: the hub serves it by digest; the revision is for messages and the pipeline. */
export type ArtifactRef = Pick<AssignedSource, 'digest' | 'revision'>;

/**
 * Opens a GET over node:http(s), as the agent's other requests go: Node's fetch would load its own HTTP stack
 * (undici and its WebAssembly parser, about 8 MiB of the agent's memory). Redirects are not followed, so the
 * credential goes to the hub's URL only (registration does not follow them either).
 */
function openGet(url: string, authorization: string, signal: AbortSignal): Promise<http.IncomingMessage> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = (u.protocol === 'https:' ? https : http).request(u, { method: 'GET', headers: { authorization }, signal }, resolve);
    req.on('error', reject);
    req.end();
  });
}

const fileOf = (dir: string, digest: string): string => path.join(dir, 'artifacts', `${digest.slice('sha256:'.length)}.tar.gz`);

/**
 * Source artifacts on local disk, keyed by digest: downloaded from `GET <hub>/artifacts/<digest>` with the
 * cluster credential, the sha256 checked while streaming (a mismatch is never kept), and re-checked when read.
 * The URL is built from the digest, never taken from the message, so the credential only goes to the hub.
 */
export class ArtifactCache {
  private readonly inflight = new Map<string, Promise<ArtifactFetch>>();
  /** Digests in use outside the assignment (in-cluster sources): `retain` keeps them. */
  private readonly users: Array<() => Iterable<string>> = [];

  constructor(private readonly opts: ArtifactCacheOptions) {}

  get dir(): string {
    return path.join(this.opts.dir, 'artifacts');
  }

  async get(source: ArtifactRef): Promise<ArtifactFetch> {
    if (!DIGEST.test(source.digest)) return { ok: false, kind: 'mismatch', message: `artifact digest "${source.digest}" is not sha256:<64 hex>` };
    const cached = await this.readCached(source);
    if (cached) return cached;
    let p = this.inflight.get(source.digest);
    if (!p) {
      p = this.download(source).finally(() => this.inflight.delete(source.digest));
      this.inflight.set(source.digest, p);
    }
    return p;
  }

  /** Adds a user whose digests `retain` keeps, asked at each retain (the in-cluster sources that name hub artifacts). */
  keepFor(digests: () => Iterable<string>): void {
    this.users.push(digests);
  }

  /** Deletes every cached artifact that neither the current assignment nor another user names. */
  async retain(digests: ReadonlySet<string>): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    const keep = new Set([...digests, ...this.users.flatMap((u) => [...u()])].map((d) => `${d.slice('sha256:'.length)}.tar.gz`));
    await Promise.all(names.filter((n) => !keep.has(n) && !n.startsWith('.')).map((n) => fs.rm(path.join(this.dir, n), { force: true })));
  }

  private async readCached(source: ArtifactRef): Promise<ArtifactFetch | undefined> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(fileOf(this.opts.dir, source.digest));
    } catch {
      return undefined;
    }
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== source.digest) {
      // Damaged on disk: drop it and download again.
      await fs.rm(fileOf(this.opts.dir, source.digest), { force: true });
      return undefined;
    }
    return { ok: true, downloaded: false, artifact: { kind: 'tarball', revision: source.revision, digest: source.digest, bytes: new Uint8Array(bytes) } };
  }

  private async download(source: ArtifactRef): Promise<ArtifactFetch> {
    const url = `${this.opts.hubUrl}/artifacts/${source.digest}`;
    const maxBytes = this.opts.maxBytes ?? 512 * 1024 * 1024;
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = path.join(this.dir, `.${randomBytes(6).toString('hex')}.part`);
    try {
      let res: http.IncomingMessage;
      try {
        res = await openGet(url, `Bearer ${this.opts.credential}`, AbortSignal.timeout(this.opts.timeoutMs ?? 60_000));
      } catch (err) {
        return { ok: false, kind: 'unavailable', message: `cannot download artifact ${source.digest} for revision ${source.revision}: ${(err as Error).message}` };
      }
      if (res.statusCode !== 200) {
        res.resume();
        return { ok: false, kind: 'unavailable', message: `cannot download artifact ${source.digest} for revision ${source.revision}: the hub answered HTTP ${res.statusCode ?? 0}` };
      }
      const hash = createHash('sha256');
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) res.destroy(new Error(`artifact is larger than ${maxBytes} bytes`));
        hash.update(chunk);
      });
      try {
        await pipeline(res, createWriteStream(tmp, { mode: 0o600 }));
      } catch (err) {
        return { ok: false, kind: 'unavailable', message: `cannot download artifact ${source.digest} for revision ${source.revision}: ${(err as Error).message}` };
      }
      const actual = `sha256:${hash.digest('hex')}`;
      if (actual !== source.digest) {
        return { ok: false, kind: 'mismatch', message: `artifact digest mismatch for revision ${source.revision}: expected ${source.digest}, got ${actual}` };
      }
      await fs.rename(tmp, fileOf(this.opts.dir, source.digest));
      const bytes = await fs.readFile(fileOf(this.opts.dir, source.digest));
      return { ok: true, downloaded: true, artifact: { kind: 'tarball', revision: source.revision, digest: source.digest, bytes: new Uint8Array(bytes) } };
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }
}
