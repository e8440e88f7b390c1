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

// runAgent in-process with its real socket.io client, registration client and file store, against the stand-in
// hub (stand-in-hub.ts) — only for what the real hub cannot be made to do or does not expose: message-level
// detail (heartbeat sequence, exact hello), a hub speaking another protocol version, invalid hub→agent messages
// and a wedged hub that stops acknowledging. Everything else runs against the real hub in agent-hub.int.test.ts.
// The cluster is a port here; the real kube-apiserver path is in cluster-info.int.test.ts and the process tests.
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
  it('says the exact hello, numbers heartbeats from 1 at the hub interval, stores no token and logs no secret', async () => {
    const h = await hub({ heartbeatIntervalMs: 100 });
    const a = agent(h, 'good');
    await eventually(() => expect(h.received.filter((m) => m.type === 'heartbeat').length).toBeGreaterThanOrEqual(4));
    expect(h.hellos()).toEqual([
      { protocolVersion: 8, supportedProtocolVersions: [8, 7, 6, 5, 4, 3, 2, 1], agentVersion: '0.1.0', kubernetesVersion: 'v1.35.4', nodeCount: 3, capabilities: [], lastGeneration: 0 },
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

  it('without a token or stored credential → exit 2 saying to pass --token', async () => {
    const h = await hub();
    const a = agent(h, undefined);
    expect(await a.done).toBe(AGENT_EXIT_CODES.registration);
    expect(a.log.lines().at(-1)!.msg).toContain('pass --token');
  });

  it('a hub without a common protocol version → exit 4', async () => {
    const h = await hub({ hubVersions: [99] });
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

});
