import { describe, expect, it } from 'vitest';
import { AGENT_EXIT_CODES } from '@flotilla/protocol';
import { captureLogger } from '../testing/capture-logger.js';
import type { HubLink, HubLinkHandlers, OpenHubLink } from './hub-link.js';
import { runConnection, type ConnectionOptions } from './run-connection.js';

// The session state machine behind the HubLink port, driven by hand: edge cases of ordering and timing that a
// real socket makes hard to hit deterministically. Real-socket behaviour is in the agent and hub tests.
function fakeLink() {
  const sent: Array<{ type: string; payload: unknown }> = [];
  let handlers: HubLinkHandlers | undefined;
  let closed = 0;
  const open: OpenHubLink = (_url, _credential, h) => {
    handlers = h;
    const link: HubLink = {
      send: (type, payload) => void sent.push({ type, payload }),
      close: () => void closed++,
    };
    return link;
  };
  return { open, sent, hub: () => handlers!, closed: () => closed };
}

function start(overrides: Partial<ConnectionOptions> = {}) {
  const link = fakeLink();
  const log = captureLogger();
  const controller = new AbortController();
  const outcome = runConnection({
    hubUrl: 'http://hub',
    credential: 'flc_0123456789abcdef0123',
    hello: { agentVersion: '0.1.0', kubernetesVersion: 'v1.35.4', nodeCount: 1, capabilities: [], lastGeneration: 0 },
    openLink: link.open,
    logger: log.logger,
    signal: controller.signal,
    welcomeTimeoutMs: 10_000,
    ...overrides,
  });
  return { link, log, controller, outcome };
}

const welcome = { protocolVersion: 1, heartbeatIntervalMs: 60_000, clusterId: 'c1' };

describe('runConnection', () => {
  it('sends hello on connect and the first heartbeat right after welcome', async () => {
    const { link, controller, outcome } = start();
    link.hub().onConnect();
    expect(link.sent).toEqual([{ type: 'hello', payload: expect.objectContaining({ protocolVersion: 8, supportedProtocolVersions: [8, 7, 6, 5, 4, 3, 2, 1], nodeCount: 1 }) }]);
    link.hub().onMessage('welcome', welcome);
    expect(link.sent[1]).toMatchObject({ type: 'heartbeat', payload: { seq: 1 } });
    controller.abort();
    expect(await outcome).toEqual({ kind: 'stopped' });
    expect(link.closed()).toBe(1);
  });

  it('a connect_error without a credential code (e.g. HUB_ERROR, network) is transient: lost, not fatal', async () => {
    const { link, outcome } = start();
    link.hub().onConnectError('hub error', { code: 'HUB_ERROR', message: 'the hub could not check the credential; retry' });
    expect(await outcome).toEqual({ kind: 'lost', welcomed: false, reason: 'cannot connect: hub error' });
  });

  it('CREDENTIAL_INVALID at the handshake is fatal (exit 3) and says the cluster may be deleted', async () => {
    const { link, outcome } = start();
    link.hub().onConnectError('unknown credential', { code: 'CREDENTIAL_INVALID', message: 'unknown credential' });
    const result = await outcome;
    expect(result).toMatchObject({ kind: 'fatal', exitCode: AGENT_EXIT_CODES.credential });
    if (result.kind === 'fatal') expect(result.message).toContain('may have been deleted');
  });

  it('a welcome choosing a version this agent does not speak is fatal (exit 4)', async () => {
    const { link, outcome } = start();
    link.hub().onConnect();
    link.hub().onMessage('welcome', { ...welcome, protocolVersion: 9 });
    expect(await outcome).toMatchObject({ kind: 'fatal', exitCode: AGENT_EXIT_CODES.protocol });
  });

  it('ignores a second welcome (no second heartbeat timer) and acks for heartbeats never sent', async () => {
    const { link, controller, outcome } = start();
    link.hub().onConnect();
    link.hub().onMessage('welcome', welcome);
    link.hub().onMessage('welcome', welcome);
    link.hub().onMessage('ack', { seq: 99 });
    expect(link.sent.filter((m) => m.type === 'heartbeat')).toHaveLength(1);
    controller.abort();
    await outcome;
  });

  it('gives up on a hub that never answers hello', async () => {
    const { link, outcome } = start({ welcomeTimeoutMs: 50 });
    link.hub().onConnect();
    expect(await outcome).toEqual({ kind: 'lost', welcomed: false, reason: 'no welcome' });
  });

  it('messages after the outcome are ignored (revoked then a late disconnect keeps exit 3)', async () => {
    const { link, outcome } = start();
    link.hub().onConnect();
    link.hub().onMessage('welcome', welcome);
    link.hub().onMessage('revoked', { code: 'CREDENTIAL_REVOKED', message: 'gone' });
    link.hub().onDisconnect('io server disconnect');
    expect(await outcome).toMatchObject({ kind: 'fatal', exitCode: AGENT_EXIT_CODES.credential });
  });

  it('a disconnect after welcome reports welcomed=true so the backoff restarts from the first step', async () => {
    const { link, outcome } = start();
    link.hub().onConnect();
    link.hub().onMessage('welcome', welcome);
    link.hub().onDisconnect('transport close');
    expect(await outcome).toEqual({ kind: 'lost', welcomed: true, reason: 'disconnected: transport close' });
  });
});
