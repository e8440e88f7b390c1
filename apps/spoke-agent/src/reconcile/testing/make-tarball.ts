import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

// A minimal ustar writer for tests: the agent's reader must accept what `tar czf` and the hub produce.
function header(path: string, size: number): Uint8Array {
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
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  const sum = h.reduce((a, b) => a + b, 0);
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

export function makeTarball(files: Record<string, string>): { bytes: Uint8Array; digest: string } {
  const parts: Uint8Array[] = [];
  for (const [path, text] of Object.entries(files)) {
    const data = new TextEncoder().encode(text);
    parts.push(header(path, data.length), data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  const bytes = new Uint8Array(gzipSync(Buffer.concat(parts)));
  return { bytes, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
}
