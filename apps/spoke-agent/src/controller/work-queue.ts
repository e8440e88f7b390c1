import { ItemBackoff } from './item-backoff.js';

export interface WorkQueueOptions {
  /** Keys handled at once. */
  concurrency: number;
  handle(key: string): Promise<void>;
  onError?(key: string, err: unknown): void;
  backoff?: ItemBackoff;
}

/**
 * client-go's work queue semantics: a key is queued at most once however often it is added; a key being handled
 * is never handled twice at once — adding it meanwhile queues one more run after the current one; at most
 * `concurrency` keys are handled together. Delayed adds keep one timer per key (the latest decision wins), and a
 * key's timer is dropped when it starts, because its handler decides the next delay.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly idle = new Set<() => void>();
  private stopped = false;
  readonly backoff: ItemBackoff;

  constructor(private readonly opts: WorkQueueOptions) {
    this.backoff = opts.backoff ?? new ItemBackoff();
  }

  add(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.pump();
  }

  /** Adds `key` after `ms`, replacing a delay set before. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    this.cancel(key);
    if (ms <= 0) return this.add(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref?.();
    this.timers.set(key, timer);
  }

  /** Retries `key` after its next backoff delay; returns the delay. */
  addRateLimited(key: string): number {
    const ms = this.backoff.next(key);
    this.addAfter(key, ms);
    return ms;
  }

  /** The key succeeded: its next failure backs off from the start again. */
  forget(key: string): void {
    this.backoff.forget(key);
  }

  /** Drops a pending delayed add (the object is gone). */
  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  /** Where `key` is (tests, diagnostics). */
  stateOf(key: string): { queued: boolean; running: boolean; delayed: boolean } {
    return { queued: this.queued.has(key), running: this.running.has(key), delayed: this.timers.has(key) };
  }

  get active(): number {
    return this.running.size;
  }

  /** Resolves when nothing is queued or running (delayed adds do not count). */
  whenIdle(): Promise<void> {
    if (this.running.size === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  /** Stops taking keys, drops every delay, and waits for the running handlers. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    this.queued.clear();
    this.again.clear();
    await this.whenIdle();
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.opts.concurrency && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.queued.delete(key);
      this.cancel(key);
      this.running.add(key);
      void this.opts
        .handle(key)
        .catch((err: unknown) => this.opts.onError?.(key, err))
        .finally(() => {
          this.running.delete(key);
          if (this.again.delete(key)) this.add(key);
          this.pump();
          if (this.running.size === 0 && this.queue.length === 0) {
            const waiting = [...this.idle];
            this.idle.clear();
            for (const resolve of waiting) resolve();
          }
        });
    }
  }
}
