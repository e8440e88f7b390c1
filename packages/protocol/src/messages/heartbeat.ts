import * as z from 'zod';
import { isoTimestamp, sequenceNumber } from '../limits.js';

/** agent → hub every `welcome.heartbeatIntervalMs`; `seq` counts up from 1 on each connection. */
export const heartbeatSchema = z.object({
  seq: sequenceNumber,
  sentAt: isoTimestamp,
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** hub → agent, the heartbeat with this `seq` was received. */
export const ackSchema = z.object({
  seq: sequenceNumber,
});
export type Ack = z.infer<typeof ackSchema>;
