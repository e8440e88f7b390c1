import { io, type Socket } from 'socket.io-client';
import { AGENT_NAMESPACE, type AgentSocketAuth, type AgentToHubEvents, type AgentToHubMessageType, type HubToAgentEvents, type MessagePayloads } from '@flotilla/protocol';

/** Events of one socket connection, as plain callbacks; the session decides what they mean. */
export interface HubLinkHandlers {
  onConnect(): void;
  onMessage(type: string, payload: unknown): void;
  /** The handshake failed; `data` is what the hub attached to the error (e.g. `{code: 'CREDENTIAL_REVOKED'}`). */
  onConnectError(message: string, data: unknown): void;
  onDisconnect(reason: string): void;
}

/** Port: one connection attempt to the hub's agent gateway. */
export interface HubLink {
  send<T extends AgentToHubMessageType>(type: T, payload: MessagePayloads[T]): void;
  close(): void;
}

export type OpenHubLink = (hubUrl: string, credential: string, handlers: HubLinkHandlers) => HubLink;

/**
 * socket.io-client over websocket only, with socket.io's own reconnection off: the agent reconnects itself
 * with full-jitter backoff and must stop for good on a refused credential, which socket.io cannot tell apart.
 */
export const openSocketIoHubLink: OpenHubLink = (hubUrl, credential, handlers) => {
  const base = new URL(hubUrl);
  const auth: AgentSocketAuth = { credential };
  const socket: Socket<HubToAgentEvents, AgentToHubEvents> = io(`${base.origin}${AGENT_NAMESPACE}`, {
    path: `${base.pathname.replace(/\/+$/, '')}/socket.io`,
    transports: ['websocket'],
    reconnection: false,
    // A fresh Manager per attempt: socket.io-client would otherwise reuse a cached one for the same URL.
    forceNew: true,
    auth: { ...auth },
    timeout: 20_000,
  });
  socket.on('connect', () => handlers.onConnect());
  socket.on('connect_error', (err: Error & { data?: unknown }) => handlers.onConnectError(err.message, err.data));
  socket.on('disconnect', (reason) => handlers.onDisconnect(reason));
  socket.onAny((type: string, payload: unknown) => handlers.onMessage(type, payload));
  return {
    send(type, payload) {
      // The event map types each event's arguments; the generic pair (type, payload) is checked by the signature above.
      (socket.emit as (event: string, message: unknown) => void)(type, payload);
    },
    close() {
      socket.removeAllListeners();
      socket.offAny();
      socket.disconnect();
    },
  };
};
