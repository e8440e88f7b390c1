import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.js';
import { MESSAGES } from './registry.js';

const hello = {
  protocolVersion: 1,
  agentVersion: '0.1.0',
  kubernetesVersion: 'v1.35.4',
  nodeCount: 3,
  capabilities: [],
  lastGeneration: 0,
};

describe('parseMessage', () => {
  it('accepts every contract message in its valid shape', () => {
    const valid: Record<keyof typeof MESSAGES, unknown> = {
      hello,
      heartbeat: { seq: 1, sentAt: '2026-11-21T00:00:00.000Z' },
      welcome: { protocolVersion: 1, heartbeatIntervalMs: 10_000, clusterId: 'c1' },
      ack: { seq: 1 },
      'protocol.error': { code: 'MESSAGE_INVALID', message: 'invalid "heartbeat": seq: expected number' },
      revoked: { code: 'CREDENTIAL_REVOKED', message: 'the credential of cluster prod was revoked' },
      superseded: { message: 'a newer agent connected with this credential' },
    };
    for (const [type, payload] of Object.entries(valid)) {
      expect(parseMessage(type, payload), type).toEqual({ ok: true, message: payload });
    }
  });

  it('rejects an invalid payload with MESSAGE_INVALID naming the fields, without throwing', () => {
    const result = parseMessage('hello', { ...hello, nodeCount: 'many', agentVersion: undefined });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('MESSAGE_INVALID');
    expect(result.error.messageType).toBe('hello');
    expect(result.error.message).toContain('nodeCount');
    expect(result.error.message).toContain('agentVersion');
  });

  it('never echoes a rejected value back (it may be a secret pasted into the wrong field)', () => {
    const result = parseMessage('heartbeat', { seq: 'flc_supersecretcredential00', sentAt: 'flc_supersecretcredential00' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).not.toContain('supersecret');
  });

  it.each([null, undefined, 42, 'hello', [], { seq: -1, sentAt: '2026-11-21T00:00:00Z' }, { seq: 1.5, sentAt: 'yesterday' }])(
    'rejects malformed heartbeat %j',
    (payload) => {
      const result = parseMessage('heartbeat', payload);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('MESSAGE_INVALID');
    },
  );

  it('rejects unknown types with MESSAGE_TYPE_UNKNOWN, including prototype keys', () => {
    for (const type of ['status', 'toString', '__proto__', 'constructor']) {
      const result = parseMessage(type, {});
      expect(result.ok, type).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('MESSAGE_TYPE_UNKNOWN');
    }
  });

  it('rejects a message sent by the wrong side with MESSAGE_TYPE_UNSUPPORTED', () => {
    const result = parseMessage('welcome', { protocolVersion: 1, heartbeatIntervalMs: 1000, clusterId: 'c' }, { from: 'agentToHub' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('MESSAGE_TYPE_UNSUPPORTED');
    expect(parseMessage('hello', hello, { from: 'agentToHub' }).ok).toBe(true);
  });

  it('strips unknown fields so a newer peer can add optional ones (forward compatible)', () => {
    const result = parseMessage('heartbeat', { seq: 2, sentAt: '2026-11-21T00:00:00Z', load: 0.5 });
    expect(result).toEqual({ ok: true, message: { seq: 2, sentAt: '2026-11-21T00:00:00Z' } });
  });

  it('accepts a hello that could not read the cluster (null version and node count)', () => {
    expect(parseMessage('hello', { ...hello, kubernetesVersion: null, nodeCount: null }).ok).toBe(true);
  });

  it('bounds strings so a peer cannot make the other side store or log megabytes', () => {
    expect(parseMessage('hello', { ...hello, agentVersion: 'x'.repeat(10_000) }).ok).toBe(false);
    expect(parseMessage('hello', { ...hello, capabilities: Array.from({ length: 1000 }, (_, i) => `c${i}`) }).ok).toBe(false);
    const longType = parseMessage('x'.repeat(10_000), {});
    if (!longType.ok) expect(longType.error.messageType.length).toBeLessThanOrEqual(128);
  });

  it('every v1 message is available at version 1', () => {
    for (const spec of Object.values(MESSAGES)) expect(spec.since).toBe(1);
  });
});
