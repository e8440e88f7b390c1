import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogger } from '../testing/capture-logger.js';
import { Outbox, type EventItem } from './outbox.js';
import { ReportChannel } from './report-channel.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'report-channel-'));
  vi.useFakeTimers();
});
afterEach(async () => {
  vi.useRealTimers();
  await fs.rm(dir, { recursive: true, force: true });
});

const event = (message: string): EventItem => ({ involvedObject: { kind: 'Kustomization', namespace: 'ns', name: 'a' }, severity: 'info', reason: 'Progressing', message, timestamp: new Date(0).toISOString() });

describe(ReportChannel.name, () => {
  it('a rate-limited batch stays pending; after the delay the hub asked for, everything unacknowledged is sent again', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const sut = new ReportChannel(box, captureLogger().logger);
    const sent: number[] = [];
    sut.attach((_type, payload) => sent.push((payload as { seq: number }).seq));
    for (const m of ['1', '2', '3']) await box.enqueue('events', [event(m)]);
    await sut.ack(1);
    expect(sut.onProtocolError({ code: 'BATCH_RATE_LIMITED', message: 'slow down', seq: 2, retryAfterMs: 700 })).toBe(true);
    // A gap for batch 3 (sent before the pause) does not add a second pause; new batches wait.
    expect(sut.onProtocolError({ code: 'BATCH_SEQUENCE_GAP', message: 'gap', seq: 3 })).toBe(true);
    await box.enqueue('events', [event('4')]);
    expect(sent).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(699);
    expect(sent).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([1, 2, 3, 2, 3, 4]);
    expect(box.pending().map((b) => b.seq)).toEqual([2, 3, 4]);
  });

  it('a batch the hub could not store is resent after its delay; a rejected one is left to the ack that follows', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const sut = new ReportChannel(box, captureLogger().logger);
    const sent: number[] = [];
    sut.attach((_type, payload) => sent.push((payload as { seq: number }).seq));
    await box.enqueue('events', [event('1')]);
    sut.onProtocolError({ code: 'BATCH_NOT_STORED', message: 'db down', seq: 1, retryAfterMs: 5_000 });
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([1, 1]);
    expect(sut.onProtocolError({ code: 'BATCH_REJECTED', message: 'unstorable', seq: 1 })).toBe(true);
    await sut.ack(1);
    expect(box.pending()).toEqual([]);
    expect(sut.onProtocolError({ code: 'MESSAGE_INVALID', message: 'other' })).toBe(false);
  });

  it('a closed connection cancels the pending resend (the next connection sends everything anyway)', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const sut = new ReportChannel(box, captureLogger().logger);
    const sent: number[] = [];
    sut.attach((_type, payload) => sent.push((payload as { seq: number }).seq));
    await box.enqueue('events', [event('1')]);
    sut.onProtocolError({ code: 'BATCH_RATE_LIMITED', message: 'slow down', seq: 1, retryAfterMs: 100 });
    sut.detach();
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([1]);
    sut.attach((_type, payload) => sent.push((payload as { seq: number }).seq));
    expect(sent).toEqual([1, 1]);
  });
});
