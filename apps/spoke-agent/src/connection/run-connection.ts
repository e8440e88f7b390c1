import {
  AGENT_EXIT_CODES,
  PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  connectErrorDataSchema,
  parseMessage,
  type AgentExitCode,
  type Hello,
  type ProtocolError,
} from '@flotilla/protocol';
import type { Logger } from '../logging/logger.js';
import type { HubLink, OpenHubLink } from './hub-link.js';

/**
 * What rides on a connection besides the handshake and heartbeats (protocol v2: assignment, reconcile,
 * batch.ack in; assignment.ack, status, inventory, events out). It outlives connections.
 */
export interface ConnectionSession {
  /** Message types the session handles (validated by the session itself). */
  handles(type: string): boolean;
  /** The link is up: `send` works until onClosed. */
  onConnect(send: (type: string, payload: unknown) => void): void;
  /** The hub welcomed the agent at this protocol version: time to (re)send what it has not acknowledged. */
  onWelcome(protocolVersion: number): void;
  onMessage(type: string, payload: unknown): void;
  /** A `protocol.error` from the hub; true when the session dealt with it (e.g. a refused report batch). */
  onProtocolError?(error: ProtocolError): boolean;
  onClosed(): void;
}

/** How one connection ended. */
export type ConnectionOutcome =
  /** Lost or never made: reconnect. `welcomed` resets the backoff (the hub was healthy a moment ago). */
  | { kind: 'lost'; welcomed: boolean; reason: string }
  /** The hub told the agent to stop: do not reconnect. */
  | { kind: 'fatal'; exitCode: AgentExitCode; message: string }
  /** Shutdown was requested. */
  | { kind: 'stopped' };

export interface ConnectionOptions {
  hubUrl: string;
  credential: string;
  hello: Omit<Hello, 'protocolVersion' | 'supportedProtocolVersions'>;
  openLink: OpenHubLink;
  logger: Logger;
  signal: AbortSignal;
  now?: () => Date;
  /** Give up on a connection whose hello is not answered within this time. */
  welcomeTimeoutMs?: number;
  /** Reconnect when this many heartbeats in a row are not acknowledged. */
  maxUnackedHeartbeats?: number;
  session?: ConnectionSession;
}

/**
 * One connection: handshake → hello → welcome → heartbeats at the hub's interval, until the link drops,
 * the hub ends it (revoked / superseded / unsupported version) or shutdown is requested.
 */
export function runConnection(options: ConnectionOptions): Promise<ConnectionOutcome> {
  const { logger, signal } = options;
  const now = options.now ?? ((): Date => new Date());
  const maxUnacked = options.maxUnackedHeartbeats ?? 3;

  return new Promise<ConnectionOutcome>((resolve) => {
    let link: HubLink | undefined;
    let settled = false;
    let welcomed = false;
    let heartbeatTimer: NodeJS.Timeout | undefined;
    let welcomeTimer: NodeJS.Timeout | undefined;
    let seq = 0;
    let lastAck = 0;

    const finish = (outcome: ConnectionOutcome): void => {
      if (settled) return;
      settled = true;
      clearInterval(heartbeatTimer);
      clearTimeout(welcomeTimer);
      signal.removeEventListener('abort', onAbort);
      link?.close();
      link = undefined;
      options.session?.onClosed();
      resolve(outcome);
    };
    const onAbort = (): void => finish({ kind: 'stopped' });
    if (signal.aborted) return resolve({ kind: 'stopped' });
    signal.addEventListener('abort', onAbort, { once: true });

    const sendHeartbeat = (): void => {
      if (seq - lastAck >= maxUnacked) {
        logger.warn('hub stopped acknowledging heartbeats; reconnecting', { unacked: seq - lastAck });
        return finish({ kind: 'lost', welcomed, reason: 'heartbeats not acknowledged' });
      }
      seq += 1;
      link?.send('heartbeat', { seq, sentAt: now().toISOString() });
      logger.debug('heartbeat sent', { seq });
    };

    const onMessage = (type: string, payload: unknown): void => {
      if (options.session?.handles(type)) return options.session.onMessage(type, payload);
      const parsed = parseMessage(type, payload, { from: 'hubToAgent' });
      if (!parsed.ok) {
        logger.warn('ignored an invalid message from the hub', { code: parsed.error.code, reason: parsed.error.message });
        return;
      }
      switch (type) {
        case 'welcome': {
          const welcome = parseMessage('welcome', payload);
          if (!welcome.ok || welcomed) return;
          const { protocolVersion, heartbeatIntervalMs, clusterId } = welcome.message;
          if (!SUPPORTED_PROTOCOL_VERSIONS.includes(protocolVersion)) {
            return finish({
              kind: 'fatal',
              exitCode: AGENT_EXIT_CODES.protocol,
              message: `the hub chose protocol version ${protocolVersion}, which this agent does not speak (${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}); upgrade the agent`,
            });
          }
          welcomed = true;
          clearTimeout(welcomeTimer);
          logger.info('connected to hub', { clusterId, protocolVersion, heartbeatIntervalMs });
          heartbeatTimer = setInterval(sendHeartbeat, heartbeatIntervalMs);
          sendHeartbeat();
          options.session?.onWelcome(protocolVersion);
          return;
        }
        case 'ack': {
          const ack = parseMessage('ack', payload);
          if (ack.ok && ack.message.seq <= seq) lastAck = Math.max(lastAck, ack.message.seq);
          return;
        }
        case 'protocol.error': {
          const error = parseMessage('protocol.error', payload);
          if (!error.ok) return;
          if (error.message.code === 'PROTOCOL_VERSION_UNSUPPORTED') {
            return finish({ kind: 'fatal', exitCode: AGENT_EXIT_CODES.protocol, message: `the hub does not speak this agent's protocol: ${error.message.message}` });
          }
          if (options.session?.onProtocolError?.(error.message)) return;
          logger.warn('the hub rejected a message', { code: error.message.code, reason: error.message.message, messageType: error.message.messageType });
          return;
        }
        case 'revoked': {
          const revoked = parseMessage('revoked', payload);
          const detail = revoked.ok ? revoked.message.message : 'credential revoked';
          return finish({
            kind: 'fatal',
            exitCode: AGENT_EXIT_CODES.credential,
            message: `the hub revoked this cluster's credential (CREDENTIAL_REVOKED: ${detail}); register the cluster again with a new token from the hub UI`,
          });
        }
        case 'superseded': {
          const superseded = parseMessage('superseded', payload);
          const detail = superseded.ok ? superseded.message.message : '';
          return finish({
            kind: 'fatal',
            exitCode: AGENT_EXIT_CODES.superseded,
            message: `another agent connected with this cluster's credential and the hub keeps the newest; this one stops (${detail})`,
          });
        }
        default:
          logger.debug('ignored a hub message this agent does not handle', { type });
      }
    };

    link = options.openLink(options.hubUrl, options.credential, {
      onConnect() {
        if (settled) return;
        options.session?.onConnect((type, payload) => (link?.send as ((t: string, p: unknown) => void) | undefined)?.(type, payload));
        link?.send('hello', { protocolVersion: PROTOCOL_VERSION, supportedProtocolVersions: [...SUPPORTED_PROTOCOL_VERSIONS], ...options.hello });
        welcomeTimer = setTimeout(() => {
          logger.warn('the hub did not answer hello; reconnecting', { timeoutMs: options.welcomeTimeoutMs ?? 15_000 });
          finish({ kind: 'lost', welcomed: false, reason: 'no welcome' });
        }, options.welcomeTimeoutMs ?? 15_000);
      },
      onMessage(type, payload) {
        if (!settled) onMessage(type, payload);
      },
      onConnectError(message, data) {
        const refused = connectErrorDataSchema.safeParse(data);
        if (refused.success) {
          const { code, message: hubMessage } = refused.data;
          const advice =
            code === 'CREDENTIAL_REVOKED'
              ? "this cluster's credential was revoked in the hub"
              : 'the hub does not know this credential (the cluster may have been deleted)';
          return finish({
            kind: 'fatal',
            exitCode: AGENT_EXIT_CODES.credential,
            message: `the hub refused the connection: ${advice} (${code}: ${hubMessage}); register the cluster again with a new token from the hub UI`,
          });
        }
        finish({ kind: 'lost', welcomed: false, reason: `cannot connect: ${message}` });
      },
      onDisconnect(reason) {
        finish({ kind: 'lost', welcomed, reason: `disconnected: ${reason}` });
      },
    });
  });
}
