import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

// The reader of the tarballs archiveStream writes, for the hub's own use of a stored artifact (the fleet as
// code reads its YAML from one). Only regular files are kept; the caller picks which by `want`, so a large
// artifact costs only the bytes of the files it needs.

export interface ReadArchiveLimits {
  /** Most bytes of kept files, in total. */
  maxKeptBytes: number;
}

export class ArchiveReadError extends Error {
  override name = 'ArchiveReadError';
}

/** The kept regular files of a gzipped artifact tarball, by path relative to the repository root. */
export async function readArchive(gz: Readable, want: (path: string) => boolean, limits: ReadArchiveLimits = { maxKeptBytes: 32 * 1024 * 1024 }): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const extract = tar.extract();
  let kept = 0;
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const path = header.name.replace(/^\.\//, '');
      if (header.type !== 'file' || !want(path)) {
        stream.on('end', next);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        if (!Buffer.isBuffer(c)) return;
        kept += c.length;
        if (kept > limits.maxKeptBytes) {
          extract.destroy(new ArchiveReadError(`the files read from the artifact exceed ${limits.maxKeptBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      stream.on('end', () => {
        files.set(path, Buffer.concat(chunks));
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  const gunzip = createGunzip();
  gunzip.on('error', (err) => extract.destroy(new ArchiveReadError(`not a gzipped tarball: ${err.message}`)));
  gz.on('error', (err) => extract.destroy(err));
  gz.pipe(gunzip).pipe(extract);
  await done;
  return files;
}
