import { io, type Socket } from 'socket.io-client';
import { AGENT_NAMESPACE, AGENT_SOCKET_PATH, type AgentSocketAuth, type AgentToHubEvents, type AgentToHubMessageType, type HubToAgentEvents, type MessagePayloads } from '@flotilla/protocol';

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
 *
 * It connects at the hub's `AGENT_SOCKET_PATH`. A hub older than that path answers its upgrade with nothing (or
 * a proxy with a 404), which socket.io reports as a transport error without data; then the same attempt tries
 * socket.io's default path once, so a new agent still reaches an old hub during a rolling upgrade.
 */
export const openSocketIoHubLink: OpenHubLink = (hubUrl, credential, handlers) => {
  const base = new URL(hubUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  let triedDefaultPath = false;
  const open = (path: string): Socket<HubToAgentEvents, AgentToHubEvents> => {
    const auth: AgentSocketAuth = { credential };
    const s: Socket<HubToAgentEvents, AgentToHubEvents> = io(`${base.origin}${AGENT_NAMESPACE}`, {
      path,
      transports: ['websocket'],
      reconnection: false,
      // A fresh Manager per attempt: socket.io-client would otherwise reuse a cached one for the same URL.
      forceNew: true,
      auth: { ...auth },
      timeout: 20_000,
    });
    s.on('connect', () => handlers.onConnect());
    s.on('connect_error', (err: Error & { data?: unknown; type?: unknown }) => {
      if (!triedDefaultPath && err.type === 'TransportError' && err.data === undefined) {
        triedDefaultPath = true;
        drop(s);
        socket = open(`${prefix}/socket.io`);
        return;
      }
      handlers.onConnectError(err.message, err.data);
    });
    s.on('disconnect', (reason) => handlers.onDisconnect(reason));
    s.onAny((type: string, payload: unknown) => handlers.onMessage(type, payload));
    return s;
  };
  let socket = open(`${prefix}${AGENT_SOCKET_PATH}`);
  return {
    send(type, payload) {
      // The event map types each event's arguments; the generic pair (type, payload) is checked by the signature above.
      (socket.emit as (event: string, message: unknown) => void)(type, payload);
    },
    close() {
      drop(socket);
    },
  };
};

function drop(socket: Socket): void {
  socket.removeAllListeners();
  socket.offAny();
  socket.disconnect();
}
