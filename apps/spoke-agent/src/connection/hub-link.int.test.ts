import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_REGISTER_PATH } from '@flotilla/protocol';
import { startStandInHub, type StandInHub } from '../testing/stand-in-hub.js';
import { openSocketIoHubLink, type HubLink, type HubLinkHandlers } from './hub-link.js';

// The stand-in hub is a real socket.io server; `socketPath: '/socket.io'` makes it look, at the transport, like
// a hub from before the agents' own path (the real hub of that time cannot be started from this tree).
describe('hub link: which path it connects at', () => {
  const hubs: StandInHub[] = [];
  const links: HubLink[] = [];
  afterEach(async () => {
    for (const link of links.splice(0)) link.close();
    for (const hub of hubs.splice(0)) await hub.stop();
  });

  const hubWithCluster = async (socketPath?: string): Promise<{ hub: StandInHub; credential: string }> => {
    const hub = await startStandInHub({ tokens: { t1: 'valid' }, ...(socketPath ? { socketPath } : {}) });
    hubs.push(hub);
    const res = await fetch(`${hub.url}${AGENT_REGISTER_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 't1' }) });
    return { hub, credential: ((await res.json()) as { credential: string }).credential };
  };

  /** Opens a link and settles with its first outcome: connected, or the connect error it reported. */
  const attempt = (hubUrl: string, credential: string) => {
    const errors: Array<{ message: string; data: unknown }> = [];
    const outcome = new Promise<'connected' | 'error'>((resolve) => {
      const handlers: HubLinkHandlers = {
        onConnect: () => resolve('connected'),
        onConnectError: (message, data) => {
          errors.push({ message, data });
          resolve('error');
        },
        onDisconnect: () => undefined,
        onMessage: () => undefined,
      };
      links.push(openSocketIoHubLink(hubUrl, credential, handlers));
    });
    return { outcome, errors };
  };

  it("connects at the hub's agent path and speaks there", async () => {
    const { hub, credential } = await hubWithCluster();
    const { outcome } = attempt(hub.url, credential);
    expect(await outcome).toBe('connected');
    links[0]!.send('heartbeat', { seq: 1, sentAt: new Date().toISOString() });
    await expect.poll(() => hub.received.filter((m) => m.type === 'heartbeat').length).toBe(1);
  });

  it('reaches a hub older than the agent path at /socket.io, in the same attempt', async () => {
    const { hub, credential } = await hubWithCluster('/socket.io');
    const { outcome, errors } = attempt(hub.url, credential);
    expect(await outcome).toBe('connected');
    expect(errors).toEqual([]);
    expect(hub.connected('cluster-1')).toHaveLength(1);
  });

  it("reports a refused credential once, as the hub said it, without trying the other path", async () => {
    const { hub } = await hubWithCluster();
    const { outcome, errors } = attempt(hub.url, 'flc_unknown');
    expect(await outcome).toBe('error');
    await new Promise((r) => setTimeout(r, 300));
    expect(errors).toEqual([{ message: 'unknown credential', data: { code: 'CREDENTIAL_INVALID', message: 'unknown credential' } }]);
  });

  it('reports a hub that is down once', async () => {
    const { hub, credential } = await hubWithCluster();
    await hub.stop();
    hubs.splice(0);
    const { outcome, errors } = attempt(hub.url, credential);
    expect(await outcome).toBe('error');
    await new Promise((r) => setTimeout(r, 300));
    expect(errors).toEqual([{ message: 'websocket error', data: undefined }]);
  });
});
