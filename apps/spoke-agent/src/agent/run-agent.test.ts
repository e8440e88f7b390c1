import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_EXIT_CODES } from '@flotilla/protocol';
import type { ClusterInfoSource } from '../cluster/cluster-info.js';
import { openSocketIoHubLink } from '../connection/hub-link.js';
import { createFileCredentialStore } from '../credentials/file-credential-store.js';
import { registerWithHub } from '../registration/register-with-hub.js';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { startStandInHub, type StandInHub, type StandInHubOptions } from '../testing/stand-in-hub.js';
import { runAgent } from './run-agent.js';

// The agent's real socket.io client, registration client and file store against a stand-in hub that follows
// contract-issue3.md (see stand-in-hub.ts for why and until when). The cluster is a port here; the real
// kube-apiserver path is covered by cluster-info.int.test.ts and the process tests.
const clusterInfo: ClusterInfoSource = { read: async () => ({ info: { kubernetesVersion: 'v1.35.4', nodeCount: 3 }, errors: [] }) };
const fastBackoff = { baseMs: 50, maxMs: 400 };

let dir: string;
let hubs: StandInHub[] = [];
let stops: AbortController[] = [];
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flotilla-agent-'));
});
afterEach(async () => {
  for (const c of stops) c.abort();
  for (const hub of hubs) await hub.stop();
  hubs = [];
  stops = [];
  await fs.rm(dir, { recursive: true, force: true });
});

async function hub(options: StandInHubOptions = {}): Promise<StandInHub> {
  const h = await startStandInHub({ tokens: { good: 'valid', old: 'expired', spent: 'used' }, ...options });
  hubs.push(h);
  return h;
}

function agent(h: StandInHub, token: string | undefined, stateFile = path.join(dir, 'state.json')) {
  const controller = new AbortController();
  stops.push(controller);
  const log = captureLogger();
  const done = runAgent({
    hubUrl: h.url,
    token,
    logger: log.logger,
    store: createFileCredentialStore(stateFile),
    clusterInfo,
    openLink: openSocketIoHubLink,
    register: registerWithHub,
    signal: controller.signal,
    backoff: fastBackoff,
    welcomeTimeoutMs: 2000,
  });
  return { done, stop: () => controller.abort(), log };
}

describe('runAgent', () => {
  it('registers, stores the credential, says hello with the cluster facts and heartbeats at the hub interval', async () => {
    const h = await hub({ heartbeatIntervalMs: 100 });
    const a = agent(h, 'good');
    await eventually(() => expect(h.received.filter((m) => m.type === 'heartbeat').length).toBeGreaterThanOrEqual(4));
    expect(h.hellos()).toEqual([
      { protocolVersion: 1, supportedProtocolVersions: [1], agentVersion: '0.1.0', kubernetesVersion: 'v1.35.4', nodeCount: 3, capabilities: [], lastGeneration: 0 },
    ]);
    const seqs = h.received.filter((m) => m.type === 'heartbeat').map((m) => (m.payload as { seq: number }).seq);
    expect(seqs.slice(0, 4)).toEqual([1, 2, 3, 4]);
    const stored = JSON.parse(await fs.readFile(path.join(dir, 'state.json'), 'utf8')) as Record<string, string>;
    expect(stored).toMatchObject({ hubUrl: h.url, clusterId: 'cluster-1', clusterName: 'stand-in-1' });
    expect(stored).not.toHaveProperty('token');
    a.stop();
    expect(await a.done).toBe(AGENT_EXIT_CODES.ok);
    // Neither the token nor the credential reaches a log line.
    expect(a.log.text()).not.toContain(stored.credential);
    expect(a.log.text()).not.toMatch(/"good"/);
    expect(a.log.lines().map((l) => l.msg)).toContain('connected to hub');
  });

  it('reuses the stored credential on restart: the single-use token is not spent twice', async () => {
    const h = await hub();
    const first = agent(h, 'good');
    await eventually(() => expect(h.connected('cluster-1')).toHaveLength(1));
    first.stop();
    await first.done;
    await eventually(() => expect(h.connected('cluster-1')).toHaveLength(0));
    const second = agent(h, 'good');
    await eventually(() => expect(h.connected('cluster-1')).toHaveLength(1));
    expect(h.registrations).toBe(1);
    expect(second.log.lines().map((l) => l.msg)).toContain('using the stored cluster credential');
  });

  it.each([
    ['wrong', 'REGISTRATION_TOKEN_INVALID', /not valid/],
    ['old', 'REGISTRATION_TOKEN_EXPIRED', /has expired/],
    ['spent', 'REGISTRATION_TOKEN_USED', /already used/],
  ])('token %s → exit 2 and a log line that says %s', async (token, code, text) => {
    const h = await hub();
    const a = agent(h, token);
    expect(await a.done).toBe(AGENT_EXIT_CODES.registration);
    const last = a.log.lines().at(-1)!;
    expect(last).toMatchObject({ level: 'error', exitCode: 2 });
    expect(last.msg).toContain(code);
    expect(last.msg).toMatch(text);
    await expect(fs.access(path.join(dir, 'state.json'))).rejects.toThrow();
  });

  it('without a token or stored credential → exit 2 saying to pass --token', async () => {
    const h = await hub();
    const a = agent(h, undefined);
    expect(await a.done).toBe(AGENT_EXIT_CODES.registration);
    expect(a.log.lines().at(-1)!.msg).toContain('pass --token');
  });

  it('revoked while connected → logs CREDENTIAL_REVOKED, exits 3 and does not reconnect', async () => {
    const h = await hub();
    const a = agent(h, 'good');
    await eventually(() => expect(h.connected('cluster-1')).toHaveLength(1));
    h.revoke('cluster-1');
    expect(await a.done).toBe(AGENT_EXIT_CODES.credential);
    const last = a.log.lines().at(-1)!;
    expect(last.level).toBe('error');
    expect(last.msg).toContain('revoked');
    expect(last.msg).toContain('CREDENTIAL_REVOKED');
    expect(h.hellos()).toHaveLength(1);
  });

  it('a credential refused at the handshake (revoked while the agent was down) → exit 3', async () => {
    const h = await hub();
    const first = agent(h, 'good');
    await eventually(() => expect(h.connected('cluster-1')).toHaveLength(1));
    first.stop();
    await first.done;
    h.revoke('cluster-1');
    const second = agent(h, 'good');
    expect(await second.done).toBe(AGENT_EXIT_CODES.credential);
    expect(second.log.lines().at(-1)!.msg).toContain('CREDENTIAL_REVOKED');
  });

  it('reconnects with growing, jittered backoff after the hub goes away, and says hello again', async () => {
    const h = await hub();
    const a = agent(h, 'good');
    await eventually(() => expect(h.hellos()).toHaveLength(1));
    await h.stop();
    await eventually(() => expect(a.log.lines().filter((l) => l.msg === 'connection to the hub lost; reconnecting').length).toBeGreaterThanOrEqual(4), {
      timeoutMs: 15_000,
    });
    await h.start();
    await eventually(() => expect(h.hellos()).toHaveLength(2), { timeoutMs: 15_000 });
    const retries = a.log.lines().filter((l) => l.msg === 'connection to the hub lost; reconnecting');
    const delays = retries.map((l) => l.retryInMs as number);
    const attempts = retries.map((l) => l.attempt as number);
    expect(attempts.slice(0, 4)).toEqual([1, 2, 3, 4]);
    // Full jitter: each delay lies under its own doubling ceiling, capped at maxMs.
    delays.forEach((d, i) => expect(d).toBeLessThan(Math.min(fastBackoff.maxMs, fastBackoff.baseMs * 2 ** i)));
    expect(h.registrations).toBe(1);
  });

  it('two agents with one credential: the hub keeps the newest; the older exits 5 and stays gone', async () => {
    const h = await hub();
    const older = agent(h, 'good', path.join(dir, 'shared.json'));
    await eventually(() => expect(h.connected('cluster-1')).toHaveLength(1));
    const newer = agent(h, 'good', path.join(dir, 'shared.json'));
    expect(await older.done).toBe(AGENT_EXIT_CODES.superseded);
    expect(older.log.lines().at(-1)!.msg).toContain('another agent connected');
    await new Promise((r) => setTimeout(r, 500));
    expect(h.connected('cluster-1')).toHaveLength(1);
    expect(h.hellos()).toHaveLength(2);
    newer.stop();
    expect(await newer.done).toBe(AGENT_EXIT_CODES.ok);
  });

  it('a hub without a common protocol version → exit 4', async () => {
    const h = await hub({ hubVersions: [7] });
    const a = agent(h, 'good');
    expect(await a.done).toBe(AGENT_EXIT_CODES.protocol);
    expect(a.log.lines().at(-1)!.msg).toContain('no common protocol version');
  });

  it('ignores an invalid message from the hub and keeps the connection (logged with the reason)', async () => {
    const h = await hub({ heartbeatIntervalMs: 100 });
    const a = agent(h, 'good');
    await eventually(() => expect(h.connected('cluster-1')).toHaveLength(1));
    h.broadcast('ack', { seq: 'not a number' });
    h.broadcast('assignment', { generation: 1 });
    await eventually(() => expect(a.log.lines().some((l) => l.msg === 'ignored an invalid message from the hub' && l.code === 'MESSAGE_INVALID')).toBe(true));
    const before = h.received.length;
    await eventually(() => expect(h.received.length).toBeGreaterThan(before + 2));
    expect(h.hellos()).toHaveLength(1);
  });

  it('reconnects when the hub stops acknowledging heartbeats', async () => {
    const h = await hub({ heartbeatIntervalMs: 100, silent: true });
    const a = agent(h, 'good');
    await eventually(() => expect(h.hellos().length).toBeGreaterThanOrEqual(2));
    expect(a.log.text()).toContain('hub stopped acknowledging heartbeats; reconnecting');
  });

  it('stopping closes the socket at once so the hub sees the disconnect (exit 0)', async () => {
    const h = await hub();
    const a = agent(h, 'good');
    await eventually(() => expect(h.connected('cluster-1')).toHaveLength(1));
    a.stop();
    expect(await a.done).toBe(AGENT_EXIT_CODES.ok);
    await eventually(() => expect(h.connected('cluster-1')).toHaveLength(0), { timeoutMs: 2000 });
  });
});
