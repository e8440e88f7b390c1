import type { z } from 'zod';
import type { ProtocolErrorCode } from './errors.js';
import { MESSAGES, isMessageType, type MessageDirection, type MessagePayloads, type MessageType } from './registry.js';
import { PROTOCOL_VERSION } from './version.js';

export interface MessageRejection {
  code: Extract<ProtocolErrorCode, 'MESSAGE_INVALID' | 'MESSAGE_TYPE_UNKNOWN' | 'MESSAGE_TYPE_UNSUPPORTED'>;
  /** One line, safe to log and to send back: it names fields, never echoes their values. */
  message: string;
  messageType: string;
}

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: MessageRejection };

export interface ParseOptions {
  /** The negotiated protocol version; messages newer than it are rejected. Default: PROTOCOL_VERSION. */
  version?: number;
  /** Who sent the message; a message from the wrong side is rejected. Default: either side. */
  from?: MessageDirection;
}

const MAX_ISSUES = 5;
const MAX_TYPE_LENGTH = 128;
const MAX_NAME_LENGTH = 64;
const MAX_ISSUE_LENGTH = 200;

/**
 * A name the peer chose (an event name, a key of a map such as `variables`) as the message may show it: a
 * plain name as it is, anything else quoted with control characters and lone surrogates escaped and cut, so
 * the message stays one bounded line and does not carry a long value pasted into a key.
 */
function describeName(name: string): string {
  return name.length <= MAX_NAME_LENGTH && /^[\w./@-]+$/.test(name) ? name : quoteName(name);
}

function quoteName(name: string): string {
  return JSON.stringify(name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH)}…` : name);
}

function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map((segment) => describeName(String(segment))).join('.') : '(payload)';
    // Some field rules quote the value they refuse (a Go duration's `time: invalid duration "…"`); a peer's
    // value has no bound, so each issue's text is cut.
    const text = issue.message.length > MAX_ISSUE_LENGTH ? `${issue.message.slice(0, MAX_ISSUE_LENGTH)}…` : issue.message;
    return `${path}: ${text}`;
  });
  const more = error.issues.length > MAX_ISSUES ? `; and ${error.issues.length - MAX_ISSUES} more` : '';
  return issues.join('; ') + more;
}

/** Validates one socket message. Never throws: a bad message is a result the caller logs, counts and answers. */
export function parseMessage<T extends MessageType>(type: T, payload: unknown, options?: ParseOptions): ParseResult<MessagePayloads[T]>;
export function parseMessage(type: string, payload: unknown, options?: ParseOptions): ParseResult<MessagePayloads[MessageType]>;
export function parseMessage(type: string, payload: unknown, options: ParseOptions = {}): ParseResult<MessagePayloads[MessageType]> {
  const messageType = typeof type === 'string' ? type.slice(0, MAX_TYPE_LENGTH) : String(type);
  if (typeof type !== 'string' || !isMessageType(type)) {
    return { ok: false, error: { code: 'MESSAGE_TYPE_UNKNOWN', message: `unknown message type ${quoteName(messageType)}`, messageType } };
  }
  const spec = MESSAGES[type];
  const version = options.version ?? PROTOCOL_VERSION;
  if (spec.since > version) {
    return {
      ok: false,
      error: { code: 'MESSAGE_TYPE_UNSUPPORTED', message: `"${type}" needs protocol version ${spec.since}, this connection speaks ${version}`, messageType },
    };
  }
  if (options.from !== undefined && spec.direction !== options.from) {
    const sender = options.from === 'agentToHub' ? 'an agent' : 'the hub';
    return { ok: false, error: { code: 'MESSAGE_TYPE_UNSUPPORTED', message: `"${type}" may not be sent by ${sender}`, messageType } };
  }
  const parsed = spec.schema.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, error: { code: 'MESSAGE_INVALID', message: `invalid "${type}": ${describeIssues(parsed.error)}`, messageType } };
  }
  return { ok: true, message: parsed.data as MessagePayloads[MessageType] };
}
