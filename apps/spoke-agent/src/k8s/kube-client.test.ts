import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { createKubeClient, type KubeClient } from './kube-client.js';

// A plain HTTP server stands in for the API server here: only it can be made to cut an answer inside a character.
const note = 'déploiement réussi ✓';

/** Writes `text` in two chunks, cut inside the first multi-byte character, with a pause between them. */
async function writeCut(res: http.ServerResponse, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  const cut = bytes.indexOf(Buffer.from('é', 'utf8')) + 1;
  res.write(bytes.subarray(0, cut));
  await sleep(50);
  res.end(bytes.subarray(cut));
}

let server: http.Server | undefined;
let client: KubeClient | undefined;

afterEach(async () => {
  client?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  client = undefined;
});

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>): Promise<KubeClient> {
  server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'local', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'nobody' }],
    contexts: [{ name: 'local', cluster: 'local', user: 'nobody' }],
    currentContext: 'local',
  });
  client = await createKubeClient(kc);
  return client;
}

describe('kube client answers cut inside a character', () => {
  it('a request’s JSON answer keeps its characters', async () => {
    const kube = await serve(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      await writeCut(res, JSON.stringify({ kind: 'ConfigMap', data: { note } }));
    });
    const res = await kube.request({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/notes' });
    expect(res).toEqual({ status: 200, body: { kind: 'ConfigMap', data: { note } } });
  });

  it('a watch line keeps its characters', async () => {
    const kube = await serve(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      await writeCut(res, `${JSON.stringify({ type: 'ADDED', object: { kind: 'Kustomization', status: { note } } })}\n`);
    });
    const docs: unknown[] = [];
    const res = await kube.stream({ path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', query: { watch: '1' }, idleTimeoutMs: 5_000 }, (doc) => docs.push(doc));
    expect(res.status).toBe(200);
    expect(docs).toEqual([{ type: 'ADDED', object: { kind: 'Kustomization', status: { note } } }]);
  });

  it('a refused watch answers its status and the API server’s message, characters kept', async () => {
    const kube = await serve(async (_req, res) => {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      await writeCut(res, JSON.stringify({ kind: 'Status', message: `forbidden: ${note}` }));
    });
    const res = await kube.stream({ path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', query: { watch: '1' }, idleTimeoutMs: 5_000 }, () => undefined);
    expect(res).toEqual({ status: 403, body: { kind: 'Status', message: `forbidden: ${note}` } });
  });
});
