import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createJsonLogger, type LogLevel } from './logger.js';

function capture(level: LogLevel = 'debug') {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  const logger = createJsonLogger({ stream, level, now: () => new Date('2026-11-21T00:00:00.000Z') });
  const lines = (): Array<Record<string, unknown>> =>
    chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines };
}

describe('createJsonLogger', () => {
  it('writes one JSON object per line with time, level, msg and fields', async () => {
    const { logger, lines } = capture();
    logger.info('connected', { clusterId: 'c1', attempt: 2 });
    await logger.flush();
    expect(lines()).toEqual([{ time: '2026-11-21T00:00:00.000Z', level: 'info', msg: 'connected', clusterId: 'c1', attempt: 2 }]);
  });

  it('drops lines below the level', async () => {
    const { logger, lines } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    await logger.flush();
    expect(lines().map((l) => l.level)).toEqual(['warn', 'error']);
  });

  it('never prints a token or credential: by field name, by flotilla prefix, and by registered value', async () => {
    const { logger, lines } = capture();
    logger.addSecret('reg-token-123456');
    logger.info('registering with reg-token-123456', { token: 'anything', nested: { credential: 'x' }, note: 'got flc_abcdefghijklmnop' });
    logger.error('failed', { err: new Error('bad token reg-token-123456') });
    await logger.flush();
    const text = JSON.stringify(lines());
    expect(text).not.toContain('reg-token-123456');
    expect(text).not.toContain('flc_abcdefghijklmnop');
    expect(text).not.toContain('anything');
    expect(lines()[0]).toMatchObject({ token: '[redacted]', nested: { credential: '[redacted]' } });
    expect(lines()[1]).toMatchObject({ err: { name: 'Error', message: 'bad token [redacted]' } });
  });
});
