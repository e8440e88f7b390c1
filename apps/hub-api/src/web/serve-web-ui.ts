import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type RequestHandler } from 'express';
import { AGENT_SOCKET_PATH } from '@flotilla/protocol';

const apiPrefixes = ['/api/', '/artifacts/', '/graphql', '/socket.io', AGENT_SOCKET_PATH, '/healthz', '/readyz', '/metrics'];

/** Serves apps/web-ui/dist with SPA fallback: any other GET that wants HTML gets index.html. */
export function serveWebUi(distDir: string): RequestHandler[] {
  const index = path.join(distDir, 'index.html');
  const fallback = (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' || apiPrefixes.some((p) => req.path.startsWith(p)) || !req.accepts('html')) {
      next();
      return;
    }
    if (existsSync(index)) {
      res.set('cache-control', 'no-cache').sendFile(index);
      return;
    }
    res
      .status(503)
      .type('html')
      .send('<!doctype html><title>Flotilla</title><p>The web UI is not built. Run <code>pnpm start</code> (it builds it) or <code>pnpm dev</code>.</p>');
  };
  // Vite puts content-hashed files under assets/: they can be cached for good.
  return [
    express.static(distDir, {
      index: false,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      },
    }),
    fallback,
  ];
}
