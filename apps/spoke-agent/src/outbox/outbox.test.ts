import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENTS_DROPPED_REASON, Outbox, type Batch, type EventItem, type StatusItem } from './outbox.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'outbox-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const status = (name: string, gen = 1): StatusItem => ({ namespace: 'ns', name, conditions: [], observedGeneration: gen });
const event = (message: string): EventItem => ({ involvedObject: { kind: 'Kustomization', namespace: 'ns', name: 'a' }, severity: 'info', reason: 'Progressing', message, timestamp: new Date(0).toISOString() });

describe('Outbox (DESIGN.md §4: per-agent seq, kept on disk until acknowledged)', () => {
  it('numbers batches from 1 with one counter across status, inventory and events', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const a = await box.enqueue('status', [status('a')]);
    const b = await box.enqueue('inventory', [{ namespace: 'ns', name: 'a', entries: [] }]);
    const c = await box.enqueue('events', [event('x')]);
    expect([a?.seq, b?.seq, c?.seq]).toEqual([1, 2, 3]);
  });

  it('survives a restart: unacknowledged batches come back, acknowledged ones do not, and the counter continues', async () => {
    const file = path.join(dir, 'outbox.jsonl');
    const box = await Outbox.open(file);
    await box.enqueue('events', [event('one')]);
    await box.enqueue('events', [event('two')]);
    await box.enqueue('events', [event('three')]);
    await box.ack(2);
    await box.flush();
    const again = await Outbox.open(file);
    expect(again.pending().map((b) => b.seq)).toEqual([3]);
    expect((await again.enqueue('status', [status('a')]))?.seq).toBe(4);
    await again.ack(4);
    await again.flush();
    const third = await Outbox.open(file);
    expect(third.pending()).toEqual([]);
    expect((await third.enqueue('status', [status('a')]))?.seq).toBe(5); // never reused after everything was acked
  });

  it('resends everything pending when attached, and sends new batches at once', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    await box.enqueue('events', [event('offline')]);
    const sent: Batch[] = [];
    box.attach((b) => sent.push(b));
    await box.enqueue('events', [event('online')]);
    expect(sent.map((b) => b.seq)).toEqual([1, 2]);
    box.detach();
    await box.enqueue('events', [event('offline again')]);
    expect(sent).toHaveLength(2);
  });

  it('keeps only the newest status per Kustomization, never dropping one', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    await box.enqueue('status', [status('a', 1), status('b', 1)]);
    await box.enqueue('status', [status('a', 2)]);
    const statuses = box.pending().flatMap((b) => (b.type === 'status' ? b.items.map((i) => `${i.name}@${i.deleted ? 'gone' : i.observedGeneration}`) : []));
    expect(statuses.sort()).toEqual(['a@2', 'b@1']);
  });

  it('keys statuses and inventories by kind too: a GitRepository and a Kustomization of one name do not replace each other', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const of = (kind: 'GitRepository' | 'Kustomization', gen: number): StatusItem => ({ ...status('flux-system', gen), kind, origin: 'cluster' });
    await box.enqueue('status', [of('GitRepository', 1), of('Kustomization', 1)]);
    await box.enqueue('status', [of('Kustomization', 2)]);
    // A hub-placed item has no kind: it is a Kustomization, so it replaces the cluster's of the same name.
    await box.enqueue('status', [{ kind: 'GitRepository', origin: 'cluster', namespace: 'ns', name: 'flux-system', deleted: true }]);
    await box.enqueue('inventory', [{ kind: 'Kustomization', origin: 'cluster', namespace: 'ns', name: 'flux-system', entries: [] }]);
    await box.enqueue('inventory', [{ namespace: 'ns', name: 'other', entries: [] }]);
    const items = box.pending().flatMap((b) => (b.type === 'status' ? b.items.map((i) => `${i.kind}@${i.deleted ? 'gone' : i.observedGeneration}`) : []));
    expect(items).toEqual(['Kustomization@2', 'GitRepository@gone']);
    expect(box.pending().flatMap((b) => (b.type === 'inventory' ? b.items.map((i) => `${i.kind}/${i.name}`) : []))).toEqual(['Kustomization/flux-system', 'undefined/other']);
  });

  it('never changes a batch the hub may have seen; drops and renumbers only unsent ones, so seqs stay gapless (the hub refuses BATCH_SEQUENCE_GAP)', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const sent: Batch[] = [];
    box.attach((b) => sent.push(structuredClone(b)));
    await box.enqueue('status', [status('a', 1)]); // seq 1, sent
    box.detach(); // the hub goes away
    await box.enqueue('status', [status('a', 2)]); // seq 2, unsent
    await box.enqueue('events', [event('e')]); // seq 3
    await box.enqueue('status', [status('a', 3)]); // supersedes seq 2 → renumbered
    expect(box.pending().map((b) => [b.seq, b.type])).toEqual([
      [1, 'status'],
      [2, 'events'],
      [3, 'status'],
    ]);
    expect((box.pending()[0] as Extract<Batch, { type: 'status' }>).items[0]).toMatchObject({ observedGeneration: 1 });
    const again = await Outbox.open(box.file);
    expect(again.pending().map((b) => b.seq)).toEqual([1, 2, 3]);
    expect((await again.enqueue('events', [event('f')]))?.seq).toBe(4);
  });

  it('over the cap, drops the oldest events first, keeps statuses, and says how many went in one EventsDropped error event about the first dropped one’s object', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'), { maxEvents: 3 });
    await box.enqueue('status', [status('a')]);
    for (const m of ['1', '2', '3', '4', '5']) await box.enqueue('events', [event(m)]);
    const events = box.pending().flatMap((b) => (b.type === 'events' ? b.items : []));
    expect(events.map((i) => i.message)).toEqual([expect.stringMatching(/^3 events were dropped while the hub was unreachable: the agent keeps at most 3 unsent events/), '4', '5']);
    expect(events[0]).toMatchObject({ reason: EVENTS_DROPPED_REASON, severity: 'error', involvedObject: { kind: 'Kustomization', namespace: 'ns', name: 'a' } });
    expect(box.droppedEvents).toBe(3);
    expect(box.pending().some((b) => b.type === 'status')).toBe(true);
  });

  it('one note for a whole outage: a later overflow folds the earlier note into its count; nothing already sent is touched, and the note is kept across a restart', async () => {
    const file = path.join(dir, 'outbox.jsonl');
    const box = await Outbox.open(file, { maxEvents: 3 });
    box.attach(() => undefined);
    await box.enqueue('events', [event('sent')]);
    box.detach();
    for (const m of ['1', '2', '3', '4', '5', '6']) await box.enqueue('events', [event(m)]);
    const messages = (b: Outbox) => b.pending().flatMap((x) => (x.type === 'events' ? x.items.map((i) => i.message) : []));
    expect(messages(box)).toEqual(['sent', expect.stringMatching(/^4 events were dropped/), '5', '6']);
    expect(box.droppedEvents).toBe(4);
    expect(box.pending().map((b) => b.seq)).toEqual([1, 2]); // what waited offline was folded into one batch
    await box.flush();
    expect(messages(await Outbox.open(file, { maxEvents: 3 }))).toEqual(messages(box));
  });

  it('a full disk (every append fails with ENOSPC, the kernel’s /dev/full) neither stops nor poisons it: it rewrites the file without what was acknowledged, says so, and goes on', async () => {
    const file = path.join(dir, 'outbox.jsonl');
    const errors: string[] = [];
    const box = await Outbox.open(file, { onStorageError: (err) => errors.push((err as NodeJS.ErrnoException).code ?? err.message) });
    const sent: number[] = [];
    box.attach((b) => sent.push(b.seq));
    await box.enqueue('events', [event('before')]);
    await box.ack(1);
    await box.flush();
    await fs.rm(file);
    await fs.symlink('/dev/full', file);
    await box.enqueue('events', [event('disk full')]);
    expect(errors).toEqual(['ENOSPC']);
    expect(sent).toEqual([1, 2]);
    await box.enqueue('events', [event('after')]);
    await box.flush();
    expect(sent).toEqual([1, 2, 3]);
    const again = await Outbox.open(file);
    expect(again.pending().map((b) => b.seq)).toEqual([2, 3]);
  });

  it('ignores a torn last line (a crash mid-write) instead of failing to start', async () => {
    const file = path.join(dir, 'outbox.jsonl');
    const box = await Outbox.open(file);
    await box.enqueue('events', [event('kept')]);
    await box.flush();
    await fs.appendFile(file, '{"type":"events","seq":2,"ite');
    const again = await Outbox.open(file);
    expect(again.pending().map((b) => b.seq)).toEqual([1]);
    expect((await again.enqueue('events', [event('next')]))?.seq).toBe(2);
  });

  it('a hub that lost what it had acknowledged (ack below ours) gets everything pending renumbered after its seq, and resent', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const sent: number[] = [];
    box.attach((b) => sent.push(b.seq));
    for (const m of ['1', '2', '3', '4']) await box.enqueue('events', [event(m)]);
    await box.ack(2);
    sent.length = 0;
    await box.ack(0); // e.g. the hub's database was restored from an older backup
    expect(box.pending().map((b) => b.seq)).toEqual([1, 2]);
    expect(sent).toEqual([1, 2]);
    expect((await box.enqueue('events', [event('5')]))?.seq).toBe(3);
    const again = await Outbox.open(box.file);
    expect(again.pending().map((b) => b.seq)).toEqual([1, 2, 3]);
  });

  it('a hub whose counter is beyond anything this outbox numbered (outbox lost, credential kept) gets the pending batches renumbered after it, not dropped as acknowledged', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const sent: number[] = [];
    box.attach((b) => sent.push(b.seq));
    for (const m of ['1', '2', '3']) await box.enqueue('events', [event(m)]);
    sent.length = 0;
    await box.ack(30);
    expect(box.pending().map((b) => [b.seq, (b.items[0] as EventItem).message])).toEqual([
      [31, '1'],
      [32, '2'],
      [33, '3'],
    ]);
    expect(sent).toEqual([31, 32, 33]);
    expect((await box.enqueue('events', [event('4')]))?.seq).toBe(34);
    await box.ack(32);
    expect(box.pending().map((b) => b.seq)).toEqual([33, 34]);
  });

  it('paused, it keeps and numbers batches without sending; resume sends everything unacknowledged, oldest first', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const sent: number[] = [];
    box.attach((b) => sent.push(b.seq));
    await box.enqueue('events', [event('1')]);
    box.pause();
    await box.enqueue('events', [event('2')]);
    await box.enqueue('status', [status('a')]);
    expect(sent).toEqual([1]);
    box.resume();
    expect(sent).toEqual([1, 1, 2, 3]);
    await box.ack(3);
    expect(box.pending()).toEqual([]);
  });

  it('cleans lone surrogates and NUL characters out of what it stores and sends', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const sent: Batch[] = [];
    box.attach((b) => sent.push(b));
    await box.enqueue('events', [event('kustomization path not found: missing-\ud800.yaml\u0000')]);
    expect((sent[0]!.items[0] as EventItem).message).toBe('kustomization path not found: missing-\ufffd.yaml');
    await box.flush();
    const again = await Outbox.open(box.file);
    expect((again.pending()[0]!.items[0] as EventItem).message).toBe('kustomization path not found: missing-\ufffd.yaml');
  });

  it('resumed with a window, it keeps only that many batches past the last ack on the wire; each ack lets the next go', async () => {
    // One batch per enqueue (nothing fits into an unsent batch), to watch the window alone.
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'), { maxBatchBytes: 1 });
    const sent: number[] = [];
    box.attach((b) => sent.push(b.seq));
    box.pause();
    for (let i = 1; i <= 6; i++) await box.enqueue('events', [event(String(i))]);
    box.resume(2);
    expect(sent).toEqual([1, 2]);
    await box.ack(1);
    expect(sent).toEqual([1, 2, 3]);
    await box.enqueue('events', [event('7')]);
    expect(sent).toEqual([1, 2, 3]);
    await box.ack(3);
    expect(sent).toEqual([1, 2, 3, 4, 5]);
    // A new connection streams again.
    box.detach();
    box.attach((b) => sent.push(b.seq));
    expect(sent).toEqual([1, 2, 3, 4, 5, 4, 5, 6, 7]);
  });

  it('folds items into the newest unsent batch of their type while offline, and a restart reads the folded batch back whole', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    const sent: Batch[] = [];
    box.attach((b) => sent.push(structuredClone(b)));
    await box.enqueue('events', [event('sent')]); // seq 1 goes at once, and is never changed afterwards
    box.detach();
    await box.enqueue('events', [event('a')]);
    await box.enqueue('status', [status('k', 1)]);
    await box.enqueue('events', [event('b')]);
    await box.enqueue('status', [status('k', 2), status('l', 1)]);
    await box.enqueue('events', [event('c')]);
    const shape = (bs: readonly Batch[]) => bs.map((b) => `${b.seq}:${b.type}:${b.items.map((i) => ('message' in i ? i.message : `${i.name}@${'observedGeneration' in i ? i.observedGeneration : ''}`)).join(',')}`);
    expect(shape(box.pending())).toEqual(['1:events:sent', '2:events:a,b,c', '3:status:k@2,l@1']);
    await box.flush();
    const again = await Outbox.open(box.file);
    expect(shape(again.pending())).toEqual(['1:events:sent', '2:events:a,b,c', '3:status:k@2,l@1']);
    expect((await again.enqueue('events', [event('d')]))?.seq).toBe(4); // what was on disk may have been sent
    expect(sent.map((b) => b.seq)).toEqual([1]);
  });

  it('a snapshot batch stands alone: nothing is folded into it, it is folded into nothing, a newer status does not thin it, and it survives a restart', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'));
    await box.enqueue('status', [status('before', 1)]);
    await box.enqueue('status', [status('k', 1), status('l', 1)], { snapshot: { id: 's1', complete: false } });
    await box.enqueue('status', [], { snapshot: { id: 's1', complete: true } });
    await box.enqueue('status', [status('k', 2)]);
    await box.enqueue('status', [status('after', 1)]);
    const shape = (bs: readonly Batch[]) =>
      bs.map((b) => (b.type === 'status' ? `${b.seq}:${b.items.map((i) => `${i.name}@${'observedGeneration' in i ? i.observedGeneration : ''}`).join(',')}${b.snapshot ? ` ${b.snapshot.id}${b.snapshot.complete ? ' complete' : ''}` : ''}` : `${b.seq}:${b.type}`));
    const expected = ['1:before@1', '2:k@1,l@1 s1', '3: s1 complete', '4:k@2,after@1'];
    expect(shape(box.pending())).toEqual(expected);
    await box.flush();
    expect(shape((await Outbox.open(box.file)).pending())).toEqual(expected);
    // Without a marker, an empty batch is nothing.
    expect(await box.enqueue('status', [])).toBeUndefined();
  });

  it('starts a new batch when the unsent one would pass the size limit or the protocol\'s item limit', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'), { maxBatchBytes: 400 });
    for (let i = 0; i < 6; i++) await box.enqueue('events', [event(`e${i}`)]);
    const sizes = box.pending().map((b) => b.items.length);
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(6);
    for (const b of box.pending()) expect(JSON.stringify(b.items).length).toBeLessThanOrEqual(400);
    const many = await Outbox.open(path.join(dir, 'many.jsonl'));
    for (let i = 0; i < 3; i++) await many.enqueue('events', Array.from({ length: 400 }, (_, j) => event(`${i}-${j}`)));
    expect(many.pending().map((b) => b.items.length)).toEqual([800, 400]);
  });

  it('paces sending below the hub\'s per-agent limit: past the burst, reports wait and are folded into one batch', async () => {
    const box = await Outbox.open(path.join(dir, 'outbox.jsonl'), { pace: { perSecond: 10, burst: 2 } });
    const sent: Batch[] = [];
    box.attach((b) => sent.push(structuredClone(b)));
    for (let i = 1; i <= 12; i++) await box.enqueue('events', [event(String(i))]);
    // Two went at once; the other ten waited for the pace and became one batch.
    expect(sent.map((b) => b.items.length)).toEqual([1, 1]);
    const start = Date.now();
    while (sent.length < 3 && Date.now() - start < 2_000) await new Promise((r) => setTimeout(r, 10));
    expect(sent.map((b) => [b.seq, b.items.length])).toEqual([
      [1, 1],
      [2, 1],
      [3, 10],
    ]);
    box.detach();
  });
});
