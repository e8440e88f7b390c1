export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Registers a secret value (token, credential): it is masked wherever it shows up in later lines. */
  addSecret(value: string): void;
  /** Resolves once every line written so far has reached the stream. */
  flush(): Promise<void>;
}

export interface JsonLoggerOptions {
  stream: NodeJS.WritableStream;
  level: LogLevel;
  now?: () => Date;
}

const REDACTED = '[redacted]';
/** Field names whose values are secret whatever they hold (also what the agent masks in helm values it sends). */
export const SECRET_KEY = /token|credential|passw(or)?d|secret|authorization|cookie|api[-_]?key|private[-_]?key/i;
// Flotilla credentials and API tokens have recognisable prefixes; mask them even if no one registered them.
const SECRET_PATTERN = /\bfl[a-z]_[A-Za-z0-9_-]{8,}/g;

/** One JSON object per line: `{time, level, msg, ...fields}`, secrets masked by key, prefix and value. */
export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const { stream } = options;
  const now = options.now ?? ((): Date => new Date());
  const threshold = LOG_LEVELS.indexOf(options.level);
  const secrets = new Set<string>();

  const maskString = (s: string): string => {
    let out = s.replace(SECRET_PATTERN, REDACTED);
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };
  const mask = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return maskString(value);
    if (value instanceof Error) return { name: value.name, message: maskString(value.message) };
    if (depth > 4 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => mask(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null ? REDACTED : mask(v, depth + 1);
    return out;
  };

  const write = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const masked = mask(fields, 0) as LogFields;
    const line = JSON.stringify({ time: now().toISOString(), level, msg: maskString(msg), ...masked });
    stream.write(line + '\n');
  };

  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    addSecret: (value) => {
      if (value.length >= 4) secrets.add(value);
    },
    flush: () => new Promise<void>((resolve) => stream.write('', () => resolve())),
  };
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
