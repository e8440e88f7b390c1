import type { IncomingMessage } from 'node:http';

/** The exact bytes of a webhook's body, kept beside the parsed body because signatures cover the bytes. */
export interface WithRawBody {
  rawBody?: Buffer;
}

export const HOOK_PATH_PREFIX = '/hook/';

/**
 * body-parser's `verify` hook: keeps the raw body of requests to `/hook/…` only, so other requests do not hold
 * a second copy of their body.
 */
export function keepHookRawBody(req: IncomingMessage & WithRawBody, _res: unknown, buf: Buffer): void {
  if (req.url?.startsWith(HOOK_PATH_PREFIX)) req.rawBody = Buffer.from(buf);
}

/**
 * The raw body: what the body parsers kept, or (for content types they do not parse) the stream read here with
 * the same limit. Resolves 'too-large' past `limit` bytes.
 */
export async function readRawBody(
  req: IncomingMessage & WithRawBody,
  limit: number,
): Promise<Buffer | 'too-large'> {
  if (req.rawBody) return req.rawBody;
  if (req.readableEnded) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
