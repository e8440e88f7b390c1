import { PassThrough } from 'node:stream';
import { createJsonLogger, type Logger } from '../logging/logger.js';

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A real JSON logger whose lines the test can read back. */
export function captureLogger(): { logger: Logger; lines: () => LogLine[]; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  const logger = createJsonLogger({ stream, level: 'debug' });
  return {
    logger,
    text: () => text,
    lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine),
  };
}
