/** How a coalescer gathers requests; see `Coalescer`. */
export interface CoalescerOptions<In, Out> {
  /** How long the first request of an idle coalescer waits for company before its flush starts. */
  windowMs: number;
  /** Requests per flush at most. */
  maxItems: number;
  /** Flushes under way at once at most; requests arriving meanwhile gather for the next one. */
  concurrency: number;
  /**
   * Whether what gathered during a flush waits for a window of its own (unless it already fills `maxItems`)
   * instead of starting at the flush's end. For requests that can wait a window and arrive steadily, where
   * starting at once would chain flushes of a few requests each, back to back.
   */
  windowAfterFlush?: boolean;
  /** Requests with the same key never share a flush and never run in two flushes at once (one agent's writes). */
  key: (item: In) => string;
  /** Writes the requests together; answers one result per request, in their order. */
  flush: (items: In[]) => Promise<Out[]>;
}

interface Waiting<In, Out> {
  item: In;
  key: string;
  resolve: (out: Out) => void;
  reject: (err: unknown) => void;
}

/**
 * Many callers' small writes as one: requests arriving within a short window, or while earlier flushes are under
 * way, are handed to `flush` together (one transaction of set-based statements instead of one per caller). A
 * request settles only when its flush does: with the flush's answer for it, or with the flush's error (then every
 * request of that flush fails, none is partly done). Under load the flushes grow by themselves: while the
 * `concurrency` flushes run, new requests wait, and the next flush takes all of them (up to `maxItems`) at once.
 */
export class Coalescer<In, Out> {
  private waiting: Waiting<In, Out>[] = [];
  private readonly busy = new Set<string>();
  private running = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: CoalescerOptions<In, Out>) {
    if (!(opts.maxItems >= 1 && opts.concurrency >= 1 && opts.windowMs >= 0)) throw new Error('coalescer: maxItems and concurrency must be ≥ 1, windowMs ≥ 0');
  }

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ item, key: this.opts.key(item), resolve, reject });
      if (this.waiting.length >= this.opts.maxItems) this.start();
      else this.timer ??= setTimeout(() => this.start(), this.opts.windowMs);
    });
  }

  /** Requests not yet handed to a flush. */
  get pending(): number {
    return this.waiting.length;
  }

  private start(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running < this.opts.concurrency && this.waiting.length > 0) {
      const taken: Waiting<In, Out>[] = [];
      const keys = new Set<string>();
      const rest: Waiting<In, Out>[] = [];
      for (const w of this.waiting) {
        if (taken.length < this.opts.maxItems && !this.busy.has(w.key) && !keys.has(w.key)) {
          taken.push(w);
          keys.add(w.key);
        } else rest.push(w);
      }
      this.waiting = rest;
      // Everything left belongs to keys under way: their flushes' end starts the next one.
      if (taken.length === 0) return;
      this.run(taken, keys);
    }
  }

  private run(taken: Waiting<In, Out>[], keys: Set<string>): void {
    this.running += 1;
    for (const k of keys) this.busy.add(k);
    const settle = (): void => {
      this.running -= 1;
      for (const k of keys) this.busy.delete(k);
      if (this.opts.windowAfterFlush && this.waiting.length < this.opts.maxItems) {
        if (this.waiting.length > 0) this.timer ??= setTimeout(() => this.start(), this.opts.windowMs);
        return;
      }
      // Whatever gathered meanwhile has waited long enough: no new window.
      this.start();
    };
    this.opts
      .flush(taken.map((w) => w.item))
      .then(
        (outs) => {
          if (outs.length !== taken.length) throw new Error(`coalescer: flush answered ${outs.length} results for ${taken.length} requests`);
          taken.forEach((w, i) => w.resolve(outs[i]!));
        },
      )
      .catch((err: unknown) => {
        for (const w of taken) w.reject(err);
      })
      .finally(settle);
  }
}
