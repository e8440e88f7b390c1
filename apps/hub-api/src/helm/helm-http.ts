import { credentialHttpClient, GitTransportError, type HostGuard, type HttpCredentials } from '@flotilla/git-source';
import { tlsFailureMessage, type RegistryTls } from '@flotilla/oci-client';

// One GET of a Helm repository file (index.yaml, a chart archive) from the hub: every hop passes the hub's
// source URL policy before a connection is opened (the client git sources use), credentials go only to the
// repository's origin unless passCredentials (as helm's getter), and the size limit is checked while reading,
// so an endless answer never fills the hub's memory. A CA or client certificate (Flux's certSecretRef) serves
// this request alone, every hop of it; the CA is added to the system's roots, as Flux does.

export type HelmGetResult = { ok: true; body: Buffer } | { ok: false; message: string; status?: number };

export interface HelmGetOptions {
  /** The HelmRepository URL: its origin receives the credentials. */
  repositoryUrl: string;
  credentials?: HttpCredentials;
  tls?: RegistryTls;
  passCredentials?: boolean;
  guard: HostGuard;
  maxBytes: number;
  timeoutMs: number;
}

export async function helmGet(url: string, opts: HelmGetOptions): Promise<HelmGetResult> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const u = new URL(url);
  const tls = opts.tls;
  const client = credentialHttpClient({
    url: opts.passCredentials ? url : opts.repositoryUrl,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(tls?.ca ? { ca: tls.ca } : {}),
    ...(tls?.cert && tls.key ? { clientCertificate: { cert: tls.cert, key: tls.key } } : {}),
    guard: opts.guard,
    signal,
  });
  try {
    const res = await client.request({ url, method: 'GET', headers: { 'user-agent': 'flotilla-hub (helm repository)', accept: '*/*' } });
    const body = res.body as AsyncIterable<Uint8Array> | undefined;
    if (res.statusCode !== 200) {
      if (body) for await (const _ of body) break;
      return { ok: false, status: res.statusCode, message: `failed to fetch ${u.origin}${u.pathname} : ${res.statusCode} ${res.statusMessage}`.trim() };
    }
    const declared = Number(res.headers?.['content-length'] ?? 0);
    if (declared > opts.maxBytes) return { ok: false, message: `size of ${declared} bytes exceeds the limit of ${opts.maxBytes} bytes` };
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of body ?? []) {
      size += c.byteLength;
      if (size > opts.maxBytes) return { ok: false, message: `size exceeds the limit of ${opts.maxBytes} bytes` };
      chunks.push(Buffer.from(c));
    }
    return { ok: true, body: Buffer.concat(chunks) };
  } catch (err) {
    if (err instanceof GitTransportError && err.kind === 'refused') return { ok: false, message: err.message };
    // Node's messages name the host and the system error, never the Authorization header.
    if (signal.aborted) return { ok: false, message: `timeout fetching ${u.origin}${u.pathname}` };
    const tlsFailure = tlsFailureMessage(err);
    return { ok: false, message: tlsFailure ? `Get "${u.origin}${u.pathname}": ${tlsFailure}` : (err as Error).message };
  }
}
