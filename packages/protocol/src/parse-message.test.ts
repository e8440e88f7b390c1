import { describe, expect, it } from 'vitest';
import { EVERY_KUSTOMIZATION_FIELD } from './flux/testing/every-kustomization-field.js';
import { parseMessage } from './parse-message.js';
import { MESSAGES } from './registry.js';
import { hello, v2Valid, validMessages } from './testing/valid-messages.js';

describe('parseMessage', () => {
  it('accepts every contract message in its valid shape', () => {
    for (const [type, payload] of Object.entries(validMessages)) {
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
    for (const type of ['kustomization', 'toString', '__proto__', 'constructor']) {
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

  it('every message is available at the version it was introduced in, and v1 messages stay at 1', () => {
    for (const type of ['hello', 'heartbeat', 'welcome', 'ack', 'protocol.error', 'revoked', 'superseded'] as const) expect(MESSAGES[type].since).toBe(1);
    for (const type of Object.keys(v2Valid) as Array<keyof typeof v2Valid>) expect(MESSAGES[type].since).toBe(2);
  });
});

describe('parseMessage, protocol v2', () => {
  it('refuses v2 messages on a connection negotiated at v1 (a v1 agent keeps working, it just gets none)', () => {
    const result = parseMessage('status', v2Valid.status, { version: 1, from: 'agentToHub' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('MESSAGE_TYPE_UNSUPPORTED');
    expect(parseMessage('status', v2Valid.status, { version: 2, from: 'agentToHub' }).ok).toBe(true);
  });

  it('keeps the direction of v2 messages: an agent cannot send an assignment or a batch.ack', () => {
    for (const type of ['assignment', 'reconcile', 'batch.ack'] as const) {
      expect(parseMessage(type, v2Valid[type], { version: 2, from: 'agentToHub' }).ok, type).toBe(false);
    }
  });

  it('starts batch sequence numbers at 1 (0 means "nothing yet" and is only valid in a batch.ack)', () => {
    expect(parseMessage('events', { ...v2Valid.events, seq: 0 }).ok).toBe(false);
    expect(parseMessage('batch.ack', { seq: 0 }).ok).toBe(true);
  });

  it('rejects an empty batch, a bad digest, a non-Go-duration interval and an unknown severity, naming the field', () => {
    const cases: Array<[string, unknown, string]> = [
      ['status', { seq: 4, items: [] }, 'items'],
      ['assignment', { ...v2Valid.assignment, sources: [{ ...v2Valid.assignment.sources[0], digest: 'md5:abc' }] }, 'sources.0.digest'],
      [
        'assignment',
        { ...v2Valid.assignment, kustomizations: [{ ...v2Valid.assignment.kustomizations[0], spec: { ...v2Valid.assignment.kustomizations[0].spec, interval: '5 minutes' } }] },
        'kustomizations.0.spec.interval',
      ],
      ['events', { seq: 5, items: [{ ...v2Valid.events.items[0], severity: 'warning' }] }, 'items.0.severity'],
      ['status', { seq: 6, items: [{ ...v2Valid.status.items[0], conditions: [{ ...v2Valid.status.items[0].conditions[0], status: 'Yes' }] }] }, 'items.0.conditions.0.status'],
    ];
    for (const [type, payload, field] of cases) {
      const result = parseMessage(type, payload);
      expect(result.ok, `${type} ${field}`).toBe(false);
      if (!result.ok) expect(result.error.message).toContain(field);
    }
  });

  it('v4 snapshot marker: a status batch may say it is part of a snapshot, and only the complete one may be empty', () => {
    const item = v2Valid.status.items[0];
    expect(parseMessage('status', { seq: 7, items: [item], snapshot: { id: 's1', complete: false } }).ok).toBe(true);
    const empty = parseMessage('status', { seq: 8, items: [], snapshot: { id: 's1', complete: true } });
    expect(empty.ok).toBe(true);
    if (empty.ok) expect(empty.message).toEqual({ seq: 8, items: [], snapshot: { id: 's1', complete: true } });
    for (const bad of [{ seq: 9, items: [], snapshot: { id: 's1', complete: false } }, { seq: 9, items: [item], snapshot: { id: '', complete: true } }, { seq: 9, items: [item], snapshot: { id: 's1' } }]) {
      expect(parseMessage('status', bad).ok, JSON.stringify(bad.snapshot)).toBe(false);
    }
  });

  it('carries the Kustomization spec in Flux’s definition: every Flux field passes to the agent whole', () => {
    const k = v2Valid.assignment.kustomizations[0];
    const result = parseMessage('assignment', { ...v2Valid.assignment, kustomizations: [{ ...k, spec: EVERY_KUSTOMIZATION_FIELD }] });
    expect(result.ok).toBe(true);
    if (result.ok) expect((result.message as { kustomizations: Array<{ spec: unknown }> }).kustomizations[0]!.spec).toEqual(EVERY_KUSTOMIZATION_FIELD);
  });

  it('refuses a spec Flux’s definition refuses, naming the field', () => {
    const k = v2Valid.assignment.kustomizations[0];
    const result = parseMessage('assignment', { ...v2Valid.assignment, kustomizations: [{ ...k, spec: { ...k.spec, deletionPolicy: 'Keep' } }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(JSON.stringify(result)).toContain('kustomizations.0.spec.deletionPolicy');
  });

  it('accepts Go durations the way Flux writes them', () => {
    const k = v2Valid.assignment.kustomizations[0];
    for (const interval of ['10m', '1h30m', '500ms', '1.5h', '90s']) {
      expect(parseMessage('assignment', { ...v2Valid.assignment, kustomizations: [{ ...k, spec: { ...k.spec, interval } }] }).ok, interval).toBe(true);
    }
  });
});

describe('parseMessage rejections stay one bounded line', () => {
  it('cuts and escapes an unknown event name instead of echoing it', () => {
    const result = parseMessage(`evil\n${'x'.repeat(100_000)}`, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('MESSAGE_TYPE_UNKNOWN');
    expect(result.error.message).not.toContain('\n');
    expect(result.error.message.length).toBeLessThan(200);
  });

  it('names a bad map key cut and quoted, not the whole key a peer sent', () => {
    const k = v2Valid.assignment.kustomizations[0];
    const key = `flc_${'secret'.repeat(100_000)}\n`;
    const result = parseMessage('assignment', { ...v2Valid.assignment, kustomizations: [{ ...k, variables: { [key]: 'x' } }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain('kustomizations.0.variables."flc_secret');
    expect(result.error.message).not.toContain('\n');
    expect(result.error.message.length).toBeLessThan(400);
  });

  it('cuts a field rule\'s text that quotes a long refused value (a Go duration error)', () => {
    const k = v2Valid.assignment.kustomizations[0];
    const result = parseMessage('assignment', { ...v2Valid.assignment, kustomizations: [{ ...k, spec: { ...k.spec, interval: ' '.repeat(10_000) } }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain('kustomizations.0.spec.interval: ');
    expect(result.error.message.length).toBeLessThan(400);
  });
});

