import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

// A minimal ustar writer for tests: the agent's reader must accept what `tar czf` and the hub produce, and
// refuse the crafted entries those never contain.

/**
 * A non-file entry: a symlink or hard link with its target, a directory, a device/FIFO of that type flag, or
 * a header that names the next entry (pax `x`/`g` records, GNU `L` long name and `K` long link) with its data.
 */
export interface TarSpecial {
  type: 'symlink' | 'hardlink' | 'dir' | 'chardev' | 'fifo' | 'pax' | 'paxGlobal' | 'gnuLongName' | 'gnuLongLink';
  target?: string;
  data?: string;
}

const typeFlag: Record<TarSpecial['type'], string> = {
  symlink: '2', hardlink: '1', dir: '5', chardev: '3', fifo: '6', pax: 'x', paxGlobal: 'g', gnuLongName: 'L', gnuLongLink: 'K',
};

/** A pax extended header record: `<length> <key>=<value>\n`, the length counting its own digits. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const n = new TextEncoder().encode(body).length;
  let total = n + String(n).length;
  if (String(total).length !== String(n).length) total = n + String(total).length;
  return `${total}${body}`;
}

function header(path: string, size: number, type = '0', linkname = ''): Uint8Array {
  const h = new Uint8Array(512);
  const enc = new TextEncoder();
  const put = (s: string, off: number, len: number) => h.set(enc.encode(s).subarray(0, len), off);
  put(path, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(size.toString(8).padStart(11, '0') + '\0', 124, 12);
  put('00000000000\0', 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put(linkname, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  const sum = h.reduce((a, b) => a + b, 0);
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

/** One regular-file header announcing `size` bytes, for tarballs whose data is built separately (bombs). */
export const fileHeader = (path: string, size: number): Uint8Array => header(path, size);

export type TarEntrySpec = string | Uint8Array | TarSpecial;

/** The uncompressed tar stream. */
export function tarStream(files: Record<string, TarEntrySpec>, opts: { end?: boolean } = {}): Buffer {
  return tarStreamOf(Object.entries(files), opts);
}

/** The uncompressed tar stream of entries in this order (repeated paths and pax headers included). */
export function tarStreamOf(entries: ReadonlyArray<readonly [string, TarEntrySpec]>, opts: { end?: boolean } = {}): Buffer {
  const parts: Uint8Array[] = [];
  for (const [path, entry] of entries) {
    if (typeof entry === 'object' && !(entry instanceof Uint8Array)) {
      const data = new TextEncoder().encode(entry.data ?? '');
      parts.push(header(path, data.length, typeFlag[entry.type], entry.target ?? ''), data, new Uint8Array((512 - (data.length % 512)) % 512));
      continue;
    }
    const data = typeof entry === 'string' ? new TextEncoder().encode(entry) : entry;
    parts.push(header(path, data.length), data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  if (opts.end !== false) parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}

export const digestOf = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export function makeTarball(files: Record<string, string | Uint8Array | TarSpecial>): { bytes: Uint8Array; digest: string } {
  const bytes = new Uint8Array(gzipSync(tarStream(files)));
  return { bytes, digest: digestOf(bytes) };
}
