import type { ProtocolError } from '@flotilla/protocol';
import type { Logger } from '../logging/logger.js';
import type { Outbox } from './outbox.js';

/** How long to wait before resending when the hub gives no delay of its own. */
const DEFAULT_RETRY_MS = 5_000;
/** After a gap (an earlier batch was not stored), resend soon: the hub is up, it only lacks a batch. */
const GAP_RETRY_MS = 1_000;
/**
 * Batches in flight after a pause, for the rest of the connection: a backlog then flows at the pace of the hub's
 * acks instead of being sent whole and mostly refused again. Each rate limit halves the window, each ack that
 * makes progress widens it by one up to this; eight keep a hub on the other side of a 100 ms round trip above
 * its default rate of 20 batches a second.
 */
const MAX_WINDOW = 8;

/**
 * The outbox on one hub connection: sends pending batches, applies `batch.ack`, and answers the hub's refusals.
 * A batch the hub did not store (rate limit, storage trouble, or a later batch refused as a gap behind it)
 * stays in the outbox: sending pauses for the delay the hub asked for, then everything unacknowledged goes
 * again from the oldest, a few batches at a time, so nothing is lost and the hub's de-duplication absorbs what
 * it already had.
 */
export class ReportChannel {
  private retryTimer: NodeJS.Timeout | undefined;
  private window = MAX_WINDOW;

  constructor(
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {}

  attach(send: (type: string, payload: unknown) => void): void {
    this.outbox.attach((batch) => send(batch.type, { seq: batch.seq, items: batch.items, ...(batch.type === 'status' && batch.snapshot ? { snapshot: batch.snapshot } : {}) }));
  }

  detach(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.window = MAX_WINDOW;
    this.outbox.detach();
  }

  async ack(seq: number): Promise<void> {
    const progress = seq > this.outbox.lastAcked;
    await this.outbox.ack(seq);
    if (progress && this.window < MAX_WINDOW) this.outbox.setWindow(++this.window);
  }

  /** Whether the error was about report batches (and handled here). */
  onProtocolError(error: ProtocolError): boolean {
    switch (error.code) {
      case 'BATCH_RATE_LIMITED':
        if (!this.retryTimer) this.window = Math.max(1, Math.floor(this.window / 2));
        this.retryLater(error.retryAfterMs ?? DEFAULT_RETRY_MS, error);
        return true;
      case 'BATCH_NOT_STORED':
        this.retryLater(error.retryAfterMs ?? DEFAULT_RETRY_MS, error);
        return true;
      case 'BATCH_SEQUENCE_GAP':
        this.retryLater(GAP_RETRY_MS, error);
        return true;
      case 'BATCH_REJECTED':
      case 'OBJECT_NOT_ASSIGNED':
        // Acknowledged by the hub (the batch.ack follows): nothing to resend; the loss is on record at the hub.
        this.logger.warn('the hub refused report data', { code: error.code, seq: error.seq, reason: error.message });
        return true;
      default:
        return false;
    }
  }

  private retryLater(ms: number, error: ProtocolError): void {
    if (this.retryTimer) return; // one pause at a time; later refusals are of batches sent before it
    this.logger.info('the hub did not store a report batch; resending later', { code: error.code, seq: error.seq, retryAfterMs: ms, pending: this.outbox.pending().length });
    this.outbox.pause();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.outbox.resume(this.window);
    }, ms);
    this.retryTimer.unref();
  }
}
