import { z } from 'zod';
import { PROTOCOL_ERROR_CODES } from '../errors.js';
import { messageText } from '../limits.js';

/** hub → agent, a message was rejected; the connection stays up (except for PROTOCOL_VERSION_UNSUPPORTED). */
export const protocolErrorSchema = z.object({
  code: z.enum(PROTOCOL_ERROR_CODES),
  message: messageText,
  /** The type of the rejected message, when known. */
  messageType: z.string().max(128).optional(),
});
export type ProtocolError = z.infer<typeof protocolErrorSchema>;
