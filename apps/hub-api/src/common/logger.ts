import { Injectable, type LoggerService } from '@nestjs/common';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Structured JSON lines on stdout. Callers pass ids and codes in `fields`; secrets never go in (tokens and
 * credentials are not even available to most callers, only their hashes).
 */
@Injectable()
export class JsonLogger implements LoggerService {
  constructor(private readonly level: Level | 'silent' = 'info') {}

  private write(level: Level, msg: string, fields?: Record<string, unknown>): void {
    if (order[level] < order[this.level]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.write('error', msg, fields);
  }

  // Nest's LoggerService shape: (message, ...optionalParams) with the context last.
  // Nest's own info chatter (module init, every mapped route) is debug detail for us.
  log(message: unknown, ...rest: unknown[]): void {
    this.write('debug', String(message), nestContext(rest));
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', String(message), nestContext(rest));
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('error', String(message), nestContext(rest));
  }
}

function nestContext(rest: unknown[]): Record<string, unknown> | undefined {
  const ctx = rest.at(-1);
  return typeof ctx === 'string' ? { context: ctx } : undefined;
}
