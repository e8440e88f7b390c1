import * as z from 'zod';
import { CREDENTIAL_ERROR_CODES } from '../errors.js';
import { messageText } from '../limits.js';

/** hub → agent, the credential was revoked; the hub disconnects right after and refuses reconnects. */
export const revokedSchema = z.object({
  code: z.literal('CREDENTIAL_REVOKED'),
  message: messageText,
});
export type Revoked = z.infer<typeof revokedSchema>;

/** hub → agent, a newer connection with the same credential replaced this one; the agent does not reconnect. */
export const supersededSchema = z.object({
  message: messageText,
});
export type Superseded = z.infer<typeof supersededSchema>;

/** `data` of the socket.io `connect_error` when the hub refuses the handshake credential. */
export const connectErrorDataSchema = z.object({
  code: z.enum(CREDENTIAL_ERROR_CODES),
  message: messageText,
});
export type ConnectErrorData = z.infer<typeof connectErrorDataSchema>;
