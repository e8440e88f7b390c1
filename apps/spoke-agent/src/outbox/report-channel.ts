import type { ProtocolError } from '@flotilla/protocol';
import type { Logger } from '../logging/logger.js';
import type { Outbox } from './outbox.js';

/** How long to wait before resending when the hub gives no delay of its own. */
const DEFAULT_RETRY_MS = 5_000;
/** After a gap (an earlier batch was not stored), resend soon: the hub is up, it only lacks a batch. */
const GAP_RETRY_MS = 1_000;

/**
 * The outbox on one hub connection: sends pending batches, applies `batch.ack`, and answers the hub's refusals.
 * A batch the hub did not store (rate limit, storage trouble, or a later batch refused as a gap behind it)
 * stays in the outbox: sending pauses for the delay the hub asked for, then everything unacknowledged goes
 * again from the oldest, so nothing is lost and the hub's de-duplication absorbs what it already had.
 */
export class ReportChannel {
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {}

  attach(send: (type: string, payload: unknown) => void): void {
    this.outbox.attach((batch) => send(batch.type, { seq: batch.seq, items: batch.items }));
  }

  detach(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.outbox.detach();
  }

  ack(seq: number): Promise<void> {
    return this.outbox.ack(seq);
  }

  /** Whether the error was about report batches (and handled here). */
  onProtocolError(error: ProtocolError): boolean {
    switch (error.code) {
      case 'BATCH_RATE_LIMITED':
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
      this.outbox.resume();
    }, ms);
    this.retryTimer.unref();
  }
}
