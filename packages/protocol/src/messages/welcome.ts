import * as z from 'zod';
import { protocolVersionNumber, shortText } from '../limits.js';

/** hub → agent, the accepted hello. Heartbeats start after it. */
export const welcomeSchema = z.object({
  /** The negotiated version: both sides speak exactly this one for the rest of the connection. */
  protocolVersion: protocolVersionNumber,
  heartbeatIntervalMs: z.number().int().min(100).max(600_000),
  clusterId: shortText,
});
export type Welcome = z.infer<typeof welcomeSchema>;
