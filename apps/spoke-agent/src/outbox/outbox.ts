import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MAX_REPORT_ITEMS, storableValue, type FluxObjectInventoryItem, type ReportEvent, type SnapshotMarker, type StatusItem as ProtocolStatusItem } from '@flotilla/protocol';

// The agent's reports to the hub: `status`, `inventory` and `events` batches, numbered
// by ONE per-agent sequence starting at 1, kept on disk until the hub's `batch.ack {seq}` covers them, and sent
// again after every reconnect. The hub de-duplicates by seq, so resending is always safe.

/** A status item: a Kustomization the hub placed (no kind, no origin) or any Flux object found in the cluster. */
export type StatusItem = ProtocolStatusItem;
export type InventoryItem = FluxObjectInventoryItem;
export type EventItem = ReportEvent;

// The hub refuses report texts over 32 KiB (protocol reports.ts); a refused batch would block every later seq.
const MAX_TEXT = 32_768;
/** A report text (a condition's or event's message) cut to what the hub accepts, saying how much was left out. */
export const clip = (text: string): string => (text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 40)}\n… (${text.length - MAX_TEXT + 40} more characters)`);

export type Batch =
  /** `snapshot`: part of a snapshot of the cluster's Flux objects (protocol v4); such a batch is never thinned. */
  | { type: 'status'; seq: number; items: StatusItem[]; snapshot?: SnapshotMarker }
  | { type: 'inventory'; seq: number; items: InventoryItem[] }
  | { type: 'events'; seq: number; items: EventItem[] };
export type BatchType = Batch['type'];
type ItemOf<T extends BatchType> = Extract<Batch, { type: T }>['items'][number];

// `extend` adds items to a batch written earlier that was not sent yet (see `enqueue`).
type Line = Batch | { ack: number } | { next: number } | { extend: number; items: Array<ItemOf<BatchType>> };
type EventsBatch = Extract<Batch, { type: 'events' }>;

export const EVENTS_DROPPED_REASON = 'EventsDropped';

function droppedNote(count: number, max: number, about: EventItem['involvedObject']): EventItem {
  const what = count === 1 ? '1 event was' : `${count} events were`;
  return {
    involvedObject: about,
    severity: 'error',
    reason: EVENTS_DROPPED_REASON,
    message: `${what} dropped while the hub was unreachable: the agent keeps at most ${max} unsent events (--outbox-max-events), the oldest go first`,
    timestamp: new Date().toISOString(),
  };
}

/** How many events a note of `droppedNote` stands for; undefined for any other event. */
function droppedCount(item: EventItem): number | undefined {
  if (item.reason !== EVENTS_DROPPED_REASON) return undefined;
  const m = /^(\d+) events? w/.exec(item.message);
  return m ? Number(m[1]) : undefined;
}

export interface OutboxOptions {
  /**
   * Unsent event items kept at most (while the hub is unreachable), at least 2; the oldest go first, replaced by
   * one note saying how many went. Statuses and inventories are never dropped, only replaced by a newer one for
   * the same object.
   */
  maxEvents?: number;
  /** Rewrite the file once it has this many lines (acks and superseded batches accumulate). */
  compactAfterLines?: number;
  /**
   * Batches sent at most, per second and at once. Below the hub's default per-agent limit (20 a second, 200 at
   * once), so a burst of reports (the first reconcile of hundreds of Kustomizations) is folded into fewer, larger
   * batches while it waits, instead of being refused by the hub and resent later.
   */
  pace?: { perSecond: number; burst: number };
  /** Unsent batches grow up to this many bytes of items (JSON) before a new one is started. */
  maxBatchBytes?: number;
  /**
   * A write to the file failed (a full disk, a file size limit). The outbox does not stop: it keeps what it could
   * not write in memory, unsent, and tries again at the next write with a rewrite that leaves out everything
   * acknowledged.
   */
  onStorageError?: (err: Error) => void;
}

// An item without a kind is a Kustomization (the hub-placed ones): a GitRepository and a Kustomization of one
// name are two objects, as they are two rows at the hub.
const keyOf = (i: { kind?: string; namespace: string; name: string }): string => `${i.kind ?? 'Kustomization'}/${i.namespace}/${i.name}`;

export class Outbox {
  private batches: Batch[] = [];
  private nextSeq = 1;
  private acked = 0;
  private lines = 0;
  /** Events dropped over the cap since this outbox was opened (the hub learns of them from the note). */
  droppedEvents = 0;
  /** Highest seq the hub may have seen (sent on some connection, or loaded from disk). Those are never changed. */
  private sentThrough = 0;
  private writing: Promise<void> = Promise.resolve();
  private sender: ((batch: Batch) => void) | undefined;
  /** The hub asked to wait (rate limit, storage trouble): batches stay pending and go out on resume. */
  private paused = false;
  /** When set, at most this many batches beyond the last acknowledged one are on the wire (see `resume`). */
  private window: number | undefined;
  /** The highest seq sent since the last attach or resume: what follows it is still to be sent. */
  private cursor = 0;
  /** Enqueues whose batch is not on disk yet; nothing is sent meanwhile, so a seq never leaves before it is stored. */
  private writes = 0;
  /** Sending tokens (see `pace`), refilled with time. */
  private tokens: number;
  private refilledAt = Date.now();
  private paceTimer: NodeJS.Timeout | undefined;
  /** Items' JSON size of the batches that may still grow. */
  private readonly sizes = new WeakMap<Batch, number>();
  /** Every batch up to this seq is on disk. Only those are sent: a restart must never number a sent seq again. */
  private storedThrough = 0;

  private constructor(
    readonly file: string,
    private readonly opts: Required<OutboxOptions>,
  ) {
    this.tokens = opts.pace.burst;
  }

  /** Opens (or creates) the JSON-lines file, replaying batches, acks and the seq counter. A torn last line is ignored. */
  static async open(file: string, options: OutboxOptions = {}): Promise<Outbox> {
    const box = new Outbox(file, {
      maxEvents: Math.max(2, options.maxEvents ?? 5000),
      compactAfterLines: options.compactAfterLines ?? 2000,
      pace: options.pace ?? { perSecond: 10, burst: 50 },
      maxBatchBytes: options.maxBatchBytes ?? 256 * 1024,
      onStorageError: options.onStorageError ?? (() => undefined),
    });
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    let text = '';
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue;
      }
      box.lines += 1;
      if ('next' in line) box.nextSeq = Math.max(box.nextSeq, line.next);
      else if ('ack' in line) box.dropThrough(line.ack);
      else if ('extend' in line) {
        const b = box.batches.find((x) => x.seq === line.extend);
        if (b) (b.items as unknown[]).push(...line.items);
      }
      else if (line.seq > box.acked) {
        box.batches = box.batches.filter((b) => b.seq !== line.seq);
        box.batches.push(line);
        box.nextSeq = Math.max(box.nextSeq, line.seq + 1);
      }
    }
    box.batches.sort((a, b) => a.seq - b.seq);
    for (const b of box.batches) newestPerObject(b);
    // Whatever was on disk may have reached the hub before the restart: it is resent as it is.
    box.sentThrough = Math.max(box.acked, ...box.batches.map((b) => b.seq));
    await box.compact();
    box.storedThrough = box.nextSeq - 1;
    return box;
  }

  /** Unacknowledged batches, oldest first. */
  pending(): readonly Batch[] {
    return this.batches;
  }

  get lastAcked(): number {
    return this.acked;
  }

  /** Sends each new batch at once while connected; on connect, resends everything pending. */
  attach(send: (batch: Batch) => void): void {
    this.sender = send;
    this.window = undefined;
    this.restart();
  }

  detach(): void {
    clearTimeout(this.paceTimer);
    this.paceTimer = undefined;
    this.sender = undefined;
    this.paused = false;
    this.window = undefined;
  }

  /** Stops sending; everything pending, and whatever is enqueued meanwhile, waits for `resume`. */
  pause(): void {
    this.paused = true;
  }

  /**
   * Sends everything pending again, oldest first (the hub acknowledges what it has already and stores the rest).
   * With `window`, only that many batches past the last acknowledged one are sent, and each ack lets the next
   * ones go: after a rate limit, resending a long backlog at once would only have most of it refused again.
   */
  resume(window?: number): void {
    this.paused = false;
    if (window !== undefined) this.window = window;
    this.restart();
  }

  /** Changes the window of a resumed outbox (no effect while it streams without one). */
  setWindow(window: number): void {
    if (this.window === undefined) return;
    this.window = window;
    this.sendDue();
  }

  private restart(): void {
    this.cursor = this.acked;
    this.sendDue();
  }

  /** Sends, in seq order, the pending batches after the cursor that the window and the pace allow. */
  private sendDue(): void {
    if (!this.sender || this.paused || this.writes > 0 || this.paceTimer) return;
    for (const b of this.batches) {
      if (b.seq <= this.cursor) continue;
      if (b.seq > this.storedThrough) break;
      if (this.window !== undefined && b.seq > this.acked + this.window) break;
      if (!this.takeToken()) {
        this.paceTimer = setTimeout(() => {
          this.paceTimer = undefined;
          this.sendDue();
        }, Math.ceil(1000 / this.opts.pace.perSecond));
        this.paceTimer.unref();
        break;
      }
      this.cursor = b.seq;
      this.sentThrough = Math.max(this.sentThrough, b.seq);
      this.sender(b);
    }
  }

  private takeToken(): boolean {
    const now = Date.now();
    const { perSecond, burst } = this.opts.pace;
    this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAt) / 1000) * perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * Numbers, persists, then (if connected and the pace allows) sends a batch. Items join the newest batch of their
   * type while that one has not been sent (offline, paused, or waiting for the pace), up to the size limits.
   * Without items nothing is sent, except the complete batch of a snapshot, which says the snapshot has ended.
   * A snapshot's batch stands alone: nothing joins it and it joins nothing, so the hub sees exactly what the
   * snapshot named.
   */
  async enqueue<T extends BatchType>(type: T, items: Array<ItemOf<T>>, opts: T extends 'status' ? { snapshot?: SnapshotMarker } : never = {} as never): Promise<Batch | undefined> {
    const snapshot = (opts as { snapshot?: SnapshotMarker }).snapshot;
    if (items.length === 0 && !snapshot?.complete) return undefined;
    // Cleaned here, where every report leaves the agent: a lone surrogate or NUL (say from a file name in an
    // error message) would make the batch unstorable at the hub.
    const clean = storableValue(items);
    const bytes = JSON.stringify(clean).length;
    const batch = { type, seq: this.nextSeq, items: clean, ...(snapshot ? { snapshot } : {}) } as Batch;
    const count = this.batches.length;
    this.supersede(batch);
    const open = snapshot ? undefined : this.growable(type, clean.length, bytes);
    if (open) return this.extend(open, clean, bytes, count);
    this.nextSeq += 1;
    this.sizes.set(batch, bytes);
    this.batches.push(batch);
    const capped = this.capEvents();
    const dropped = capped || this.batches.length !== count + 1;
    const renumbered = this.renumberUnsent();
    this.writes += 1;
    try {
      await this.store(batch, dropped || renumbered || this.storedThrough < batch.seq - 1);
    } finally {
      this.writes -= 1;
    }
    this.sendDue();
    return batch;
  }

  // The newest unsent batch of a type, when the new items fit in it (never a snapshot's).
  private growable(type: BatchType, count: number, bytes: number): Batch | undefined {
    for (let i = this.batches.length - 1; i >= 0; i--) {
      const b = this.batches[i] as Batch;
      if (b.seq <= this.sentThrough) return undefined;
      if (b.type !== type) continue;
      if (b.type === 'status' && b.snapshot) return undefined;
      const size = this.sizes.get(b);
      if (size === undefined || size + bytes > this.opts.maxBatchBytes || b.items.length + count > MAX_REPORT_ITEMS) return undefined;
      return b;
    }
    return undefined;
  }

  private async extend(open: Batch, items: Array<ItemOf<BatchType>>, bytes: number, count: number): Promise<Batch | undefined> {
    (open.items as unknown[]).push(...items);
    this.sizes.set(open, (this.sizes.get(open) ?? 0) + bytes);
    const capped = this.capEvents();
    const dropped = capped || this.batches.length !== count;
    const renumbered = this.renumberUnsent();
    this.writes += 1;
    try {
      await this.store({ extend: open.seq, items }, dropped || renumbered || this.storedThrough < open.seq);
    } finally {
      this.writes -= 1;
    }
    this.sendDue();
    return open;
  }

  /**
   * Appends the line (a batch, or items added to one), or rewrites the whole file; when an append fails, a rewrite
   * (smaller: no acks) is tried. When that fails too, what is not on disk is not sent.
   */
  private async store(line: Line, rewrite: boolean): Promise<void> {
    try {
      await (rewrite ? this.compact() : this.append(line));
    } catch (err) {
      this.opts.onStorageError(err as Error);
      if (rewrite) return;
      try {
        await this.compact();
      } catch (again) {
        this.opts.onStorageError(again as Error);
        if ('extend' in line) this.storedThrough = Math.min(this.storedThrough, line.extend - 1);
        return;
      }
    }
    this.storedThrough = this.nextSeq - 1;
  }

  /** `batch.ack {seq}`: everything up to seq is persisted at the hub. */
  async ack(seq: number): Promise<void> {
    if (seq < this.acked) return this.rebase(seq);
    if (seq === this.acked) return;
    // A seq this outbox never assigned cannot acknowledge any of its batches: the hub counted someone else's.
    if (seq >= this.nextSeq) return this.rebase(seq);
    this.dropThrough(seq);
    this.sendDue();
    // An ack that is not written only means the batches it covers are sent again after a restart.
    await this.append({ ack: seq }).catch((err: Error) => this.opts.onStorageError(err));
    if (this.lines >= this.opts.compactAfterLines) await this.compact().catch((err: Error) => this.opts.onStorageError(err));
  }

  /**
   * The hub's counter is not this outbox's: it has less than it acknowledged before (its database was restored or
   * replaced), or more than this outbox ever numbered (the outbox was lost while the credential stayed, or
   * someone else used the credential). Everything pending is renumbered to follow what the hub has, and sent again:
   * below, every later batch would be a gap it refuses; above, the pending batches would be taken for duplicates
   * and dropped unstored.
   */
  private async rebase(hubSeq: number): Promise<void> {
    this.acked = hubSeq;
    this.sentThrough = hubSeq;
    let seq = hubSeq;
    for (const b of this.batches) b.seq = ++seq;
    this.nextSeq = seq + 1;
    this.storedThrough = hubSeq;
    await this.compact().then(
      () => (this.storedThrough = this.nextSeq - 1),
      (err: Error) => this.opts.onStorageError(err),
    );
    this.restart();
  }

  async flush(): Promise<void> {
    await this.writing;
  }

  private dropThrough(seq: number): void {
    this.acked = Math.max(this.acked, seq);
    this.batches = this.batches.filter((b) => b.seq > seq);
  }

  // The hub refuses a seq that skips ahead (it would have lost what was in between), so only batches it never
  // saw may shrink or go, and those are then renumbered to close the gaps.
  private renumberUnsent(): boolean {
    let seq = Math.max(this.sentThrough, this.acked);
    let changed = false;
    for (const b of this.batches) {
      if (b.seq <= this.sentThrough) continue;
      seq += 1;
      if (b.seq !== seq) {
        b.seq = seq;
        changed = true;
      }
    }
    this.nextSeq = seq + 1;
    return changed;
  }

  // Only the newest status and inventory per object (kind, namespace, name) matter; older unsent ones are dropped.
  // Not from a snapshot batch: the hub forgets every object a complete snapshot does not name.
  private supersede(batch: Batch): void {
    if (batch.type === 'events') return;
    const keys = new Set(batch.items.map(keyOf));
    const kept: Batch[] = [];
    for (const b of this.batches) {
      if (b.type !== batch.type || b.seq <= this.sentThrough || (b.type === 'status' && b.snapshot)) {
        kept.push(b);
        continue;
      }
      const items = (b.items as Array<{ kind?: string; namespace: string; name: string }>).filter((i) => !keys.has(keyOf(i)));
      if (items.length === b.items.length) kept.push(b);
      else if (items.length > 0) {
        const smaller = { ...b, items } as Batch;
        const size = this.sizes.get(b);
        if (size !== undefined) this.sizes.set(smaller, size); // an upper bound is enough for the size limit
        kept.push(smaller);
      }
    }
    this.batches = kept;
  }

  /**
   * Over the cap, the oldest unsent events go, and one error event `EventsDropped` in front of what is kept tells
   * the hub how many (the note of an earlier drop is folded into it, so there is one note for a whole
   * outage). The note is about the object of the first dropped event, which the hub accepts events about.
   */
  private capEvents(): boolean {
    const unsent = (b: Batch): b is EventsBatch => b.type === 'events' && b.seq > this.sentThrough;
    let total = this.batches.reduce((n, b) => n + (unsent(b) ? b.items.length : 0), 0);
    if (total <= this.opts.maxEvents) return false;
    // Unsent batches are changed in place: nothing outside the outbox has seen them.
    let dropped = 0;
    let about: EventItem['involvedObject'] | undefined;
    for (const b of this.batches.filter(unsent)) {
      b.items = b.items.filter((i) => {
        const earlier = droppedCount(i);
        if (earlier === undefined) return true;
        dropped += earlier;
        about ??= i.involvedObject;
        total -= 1;
        return false;
      });
    }
    const room = this.opts.maxEvents - 1;
    for (const b of this.batches.filter(unsent)) {
      if (total <= room) break;
      const drop = Math.min(b.items.length, total - room);
      if (drop === 0) continue;
      about ??= b.items[0]!.involvedObject;
      dropped += drop;
      this.droppedEvents += drop;
      total -= drop;
      b.items = b.items.slice(drop);
    }
    // In front of what is kept, where the dropped events were.
    const unsentKept = this.batches.filter(unsent);
    const first = unsentKept.find((b) => b.items.length > 0) ?? unsentKept.at(-1);
    if (first && about && dropped > 0) first.items.unshift(droppedNote(dropped, this.opts.maxEvents, about));
    this.batches = this.batches.filter((b) => b.type !== 'events' || b.items.length > 0);
    return true;
  }


  private append(line: Line): Promise<void> {
    this.lines += 1;
    return this.queueWrite(() => fs.appendFile(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 }));
  }

  /** Writes run one at a time, in order; a failed one fails its caller but not the writes after it. */
  private queueWrite(write: () => Promise<void>): Promise<void> {
    const done = this.writing.then(write);
    this.writing = done.catch(() => undefined);
    return done;
  }

  /** Rewrites the file as: the seq counter, then the pending batches (atomically, via rename). */
  private compact(): Promise<void> {
    const text = [{ next: this.nextSeq } as Line, ...this.batches].map((l) => JSON.stringify(l)).join('\n') + '\n';
    this.lines = 1 + this.batches.length;
    return this.queueWrite(async () => {
      const tmp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await fs.writeFile(tmp, text, { mode: 0o600 });
        await fs.rename(tmp, this.file);
      } catch (err) {
        await fs.rm(tmp, { force: true });
        throw err;
      }
    });
  }
}

// A batch read back from disk may hold an object twice (an item superseded in memory, then extended); the hub
// stores a batch's items together, so only the newest per object is kept.
function newestPerObject(b: Batch): void {
  if (b.type === 'events') return;
  const items = b.items as Array<{ kind?: string; namespace: string; name: string }>;
  const last = new Map<string, number>();
  items.forEach((item, i) => last.set(keyOf(item), i));
  if (last.size === items.length) return;
  (b as { items: unknown[] }).items = items.filter((item, i) => last.get(keyOf(item)) === i);
}
