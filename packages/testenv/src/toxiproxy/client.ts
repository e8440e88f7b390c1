import { TestenvError } from '../process/errors.js';
import type { Toxic, ToxicOptions, ToxicSpec } from './toxics.js';

interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: Toxic[];
}

/** One proxy: a listening port on 127.0.0.1 forwarding to `upstream`, with the toxics added to it. */
export class ToxiproxyProxy {
  constructor(
    private readonly api: ToxiproxyApi,
    readonly name: string,
    /** host:port the proxy listens on: point the client here instead of at the upstream. */
    readonly listen: string,
    readonly upstream: string,
  ) {}

  get port(): number {
    return Number(this.listen.slice(this.listen.lastIndexOf(':') + 1));
  }

  async addToxic(spec: ToxicSpec, opts: ToxicOptions = {}): Promise<Toxic> {
    const stream = opts.stream ?? 'downstream';
    const body = { name: opts.name ?? `${spec.type}_${stream}`, type: spec.type, stream, toxicity: opts.toxicity ?? 1, attributes: spec.attributes };
    return this.api.request<Toxic>('POST', `/proxies/${this.name}/toxics`, body);
  }

  async removeToxic(name: string): Promise<void> {
    await this.api.request('DELETE', `/proxies/${this.name}/toxics/${name}`);
  }

  async toxics(): Promise<Toxic[]> {
    return this.api.request<Toxic[]>('GET', `/proxies/${this.name}/toxics`);
  }

  /** Disabled: every open connection is closed and new ones are refused, as if the upstream went away. */
  async setEnabled(enabled: boolean): Promise<void> {
    await this.api.request<ProxyJson>('POST', `/proxies/${this.name}`, { enabled });
  }

  async delete(): Promise<void> {
    await this.api.request('DELETE', `/proxies/${this.name}`);
  }
}

/** A small typed client for Toxiproxy's HTTP API. */
export class ToxiproxyApi {
  constructor(readonly url: string) {}

  /** A proxy listening on 127.0.0.1 (on `listenPort`, or a free port the server picks) that forwards to `upstream`. */
  async createProxy(name: string, upstream: string, listenPort = 0): Promise<ToxiproxyProxy> {
    const p = await this.request<ProxyJson>('POST', '/proxies', { name, listen: `127.0.0.1:${listenPort}`, upstream, enabled: true });
    return new ToxiproxyProxy(this, p.name, p.listen, p.upstream);
  }

  /** Enables every proxy and removes every toxic. */
  async reset(): Promise<void> {
    await this.request('POST', '/reset');
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new TestenvError(`toxiproxy ${method} ${path} → ${res.status}: ${text.trim()}`, 'toxiproxy');
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
