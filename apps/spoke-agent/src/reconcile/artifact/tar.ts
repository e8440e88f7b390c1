// A reader for the tarballs the hub stores (ustar, with pax and GNU long names). Only regular files are
// kept; links, devices and paths that leave the root are refused, since the artifact is untrusted input.

export interface TarEntry {
  path: string;
  data: Uint8Array;
}

export class TarError extends Error {}

const BLOCK = 512;

function cstring(buf: Uint8Array, start: number, len: number): string {
  let end = start;
  while (end < start + len && buf[end] !== 0) end++;
  return new TextDecoder().decode(buf.subarray(start, end));
}

function octal(buf: Uint8Array, start: number, len: number): number {
  const s = cstring(buf, start, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarError(`bad octal field "${s}"`);
  return parseInt(s, 8);
}

function paxPath(data: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(data);
  let i = 0;
  while (i < text.length) {
    const space = text.indexOf(' ', i);
    if (space < 0) break;
    const len = parseInt(text.slice(i, space), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = text.slice(space + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') return record.slice(eq + 1);
    i += len;
  }
  return undefined;
}

export function safePath(raw: string): string {
  const parts = raw.replace(/^\.\//, '').split('/').filter((p) => p !== '' && p !== '.');
  if (raw.startsWith('/') || parts.some((p) => p === '..')) throw new TarError(`path "${raw}" leaves the artifact root`);
  return parts.join('/');
}

export function readTar(buf: Uint8Array, limits: { maxFiles: number; maxBytes: number } = { maxFiles: 20_000, maxBytes: 512 * 1024 * 1024 }): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  let total = 0;
  while (offset + BLOCK <= buf.length) {
    const header = buf.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = cstring(header, 345, 155);
    const name = cstring(header, 0, 100);
    const dataStart = offset + BLOCK;
    if (dataStart + size > buf.length) throw new TarError('truncated tarball');
    const data = buf.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = cstring(data, 0, data.length);
      continue;
    }
    if (type === 'g') continue;
    const path = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = undefined;
    if (type === '5') continue; // directory
    if (type !== '0' && type !== '\0' && type !== '7') throw new TarError(`"${path}" is not a regular file (type ${type})`);
    total += size;
    if (entries.length >= limits.maxFiles || total > limits.maxBytes) throw new TarError('the artifact exceeds the size limits');
    entries.push({ path: safePath(path), data: data.slice() });
  }
  return entries;
}
