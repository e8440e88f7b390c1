import * as z from 'zod';
import { PROTOCOL_ERROR_CODES } from '../errors.js';
import { messageText, sequenceNumber } from '../limits.js';

/** hub → agent, a message was rejected; the connection stays up (except for PROTOCOL_VERSION_UNSUPPORTED). */
export const protocolErrorSchema = z.object({
  code: z.enum(PROTOCOL_ERROR_CODES),
  message: messageText,
  /** The type of the rejected message, when known. */
  messageType: z.string().max(128).optional(),
  /** The seq of the report batch this answers, when it answers one. */
  seq: sequenceNumber.optional(),
  /** When to send again, for errors that ask the agent to retry (rate limit, storage unavailable). */
  retryAfterMs: z.number().int().min(0).max(3_600_000).optional(),
});
export type ProtocolError = z.infer<typeof protocolErrorSchema>;
