import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { stringify } from 'yaml';
import { postRender, type PostRenderSpec } from './post-render.js';

// Helm v4 runs post-renderers only as plugins (`--post-renderer <plugin name>`), so the agent installs one into
// helm's data home: a few lines of Node that pass helm's rendered manifests to the agent over a unix socket in
// the agent's cache directory and print what comes back. The agent renders in its own process (postRender),
// for the spec registered under the one-time token the plugin is given as its argument; a token is valid
// while its helm action runs, so nothing else can ask the socket to render.

export const POST_RENDER_PLUGIN = 'flotilla-postrender';

const PLUGIN_SCRIPT = `import net from 'node:net';
const [socketPath, token] = process.argv.slice(-2);
const fail = (m) => { process.stderr.write(m); process.exit(1); };
const input = [];
for await (const c of process.stdin) input.push(c);
const out = [];
try {
  const sock = net.connect(socketPath);
  sock.end(Buffer.concat([Buffer.from(token + '\\n'), ...input]));
  for await (const c of sock) out.push(c);
} catch (err) {
  fail('cannot reach the agent to post-render: ' + err.message);
}
const text = Buffer.concat(out).toString('utf8');
const nl = text.indexOf('\\n');
if (text.slice(0, nl) === 'OK') process.stdout.write(text.slice(nl + 1));
else fail(text.slice(nl + 1) || 'the agent gave no answer');
`;

export class PostRenderServer {
  private readonly specs = new Map<string, PostRenderSpec>();
  private server: net.Server | undefined;
  private started: Promise<void> | undefined;

  constructor(
    private readonly socketPath: string,
    /** helm's data home (HELM_DATA_HOME), where the plugin goes. */
    private readonly helmDataHome: string,
  ) {}

  /** Arguments for `helm install|upgrade` that post-render with `spec`; call `done` after helm exits. */
  async arguments(spec: PostRenderSpec): Promise<{ args: string[]; done: () => void }> {
    await this.start();
    const token = randomBytes(16).toString('hex');
    this.specs.set(token, spec);
    return { args: ['--post-renderer', POST_RENDER_PLUGIN, '--post-renderer-args', this.socketPath, '--post-renderer-args', token], done: () => this.specs.delete(token) };
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      const dir = path.join(this.helmDataHome, 'plugins', POST_RENDER_PLUGIN);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'render.mjs'), PLUGIN_SCRIPT);
      const plugin = { apiVersion: 'v1', type: 'postrenderer/v1', name: POST_RENDER_PLUGIN, version: '0.1.0', runtime: 'subprocess', runtimeConfig: { platformCommand: [{ command: process.execPath, args: [path.join(dir, 'render.mjs')] }] } };
      await writeFile(path.join(dir, 'plugin.yaml'), stringify(plugin));
      await mkdir(path.dirname(this.socketPath), { recursive: true });
      await rm(this.socketPath, { force: true });
      // Half-open: the plugin ends its side once the manifests are sent and then reads the answer.
      this.server = net.createServer({ allowHalfOpen: true }, (sock) => this.serve(sock));
      await new Promise<void>((resolve, reject) => {
        this.server?.once('error', reject);
        this.server?.listen(this.socketPath, () => resolve());
      });
      await chmod(this.socketPath, 0o600);
      this.server.unref();
    })();
    return this.started;
  }

  private serve(sock: net.Socket): void {
    const chunks: Buffer[] = [];
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', () => sock.destroy());
    sock.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const nl = text.indexOf('\n');
      const spec = nl > 0 ? this.specs.get(text.slice(0, nl)) : undefined;
      if (!spec) {
        sock.end('ERR\npost-render: unknown or expired token');
        return;
      }
      void postRender(text.slice(nl + 1), spec).then((r) => sock.end(r.ok ? `OK\n${r.manifests}` : `ERR\n${r.message}`));
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise((r) => server.close(r));
    await rm(this.socketPath, { force: true });
  }
}
