import { checkSymlink } from '@flotilla/reconcile-core';

// A reader for the tarballs the hub stores (ustar, with pax and GNU long names). The artifact is untrusted
// input: only regular files are kept; a path that leaves the root, a symlink pointing outside the tree,
// links and devices are refused; symlinks inside the tree are dropped, as Flux's controllers drop them when
// they extract an artifact. The whole tarball is read before anything is returned, so a refusal leaves
// nothing half-read behind.

export interface TarEntry {
  path: string;
  data: Uint8Array;
}

/** `unsafe`: the tarball is readable but refused (limits, escapes, links); otherwise it is damaged. */
export class TarError extends Error {
  constructor(
    message: string,
    readonly unsafe = true,
  ) {
    super(message);
  }
}

export interface TarLimits {
  /** Most entries of any type (files, directories, links, pax headers). */
  maxEntries: number;
}

const BLOCK = 512;

function cstring(buf: Uint8Array, start: number, len: number): string {
  let end = start;
  while (end < start + len && buf[end] !== 0) end++;
  return new TextDecoder().decode(buf.subarray(start, end));
}

function octal(buf: Uint8Array, start: number, len: number): number {
  const s = cstring(buf, start, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarError(`bad octal field "${s}"`, false);
  return parseInt(s, 8);
}

// Pax record lengths count bytes (`<len> <key>=<value>\n`), so records are cut from the bytes and only then
// decoded: a name with non-ASCII characters would otherwise shift every cut after it.
function paxRecords(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const decoder = new TextDecoder();
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const lenText = decoder.decode(data.subarray(i, space));
    const len = /^[0-9]{1,10}$/.test(lenText) ? parseInt(lenText, 10) : NaN;
    if (!Number.isFinite(len) || len <= space - i + 1 || i + len > data.length) break;
    const record = decoder.decode(data.subarray(space + 1, i + len - 1));
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    i += len;
  }
  return out;
}

// The header checksum, as Go's archive/tar (Flux's untar) checks it: the sum of the header's bytes with the
// checksum field read as spaces, unsigned or (for old writers) signed. Random or damaged bytes fail it, so
// they are not read as entries.
function checksumOk(header: Uint8Array): boolean {
  const stored = cstring(header, 148, 8).trim();
  if (!/^[0-7]{1,8}$/.test(stored)) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    unsigned += b;
    signed += b >= 0x80 ? b - 0x100 : b;
  }
  const want = parseInt(stored, 8);
  return want === unsigned || want === signed;
}

/** The entry's path relative to the root; refuses absolute paths, `..` and backslashes (as Flux's untar). */
export function safePath(raw: string): string {
  const parts = raw.replace(/^\.\//, '').split('/').filter((p) => p !== '' && p !== '.');
  // The drive letter is checked on the normalised name too: `./C:/x` is the same entry as `C:/x`.
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw) || /^[A-Za-z]:/.test(parts[0] ?? '') || parts.some((p) => p === '..')) {
    throw new TarError(`path "${raw}" leaves the artifact root`);
  }
  if (raw.includes('\\')) throw new TarError(`path "${raw}" contains a backslash`);
  return parts.join('/');
}

const typeNames: Record<string, string> = { '1': 'a hard link', '3': 'a character device', '4': 'a block device', '6': 'a FIFO' };

export function readTar(buf: Uint8Array, limits: TarLimits = { maxEntries: 20_000 }): TarEntry[] {
  const entries: TarEntry[] = [];
  const links = new Map<string, string>();
  let offset = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let count = 0;
  while (offset + BLOCK <= buf.length) {
    const at = offset;
    const header = buf.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (++count > limits.maxEntries) throw new TarError(`the artifact holds more than ${limits.maxEntries} entries`);
    if (!checksumOk(header)) throw new TarError(`damaged tar header at byte ${at}: checksum mismatch`, false);
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = cstring(header, 345, 155);
    const name = cstring(header, 0, 100);
    const dataStart = offset + BLOCK;
    if (dataStart + size > buf.length) throw new TarError('truncated tarball', false);
    const data = buf.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      const pax = paxRecords(data);
      longName = pax.get('path') ?? longName;
      longLink = pax.get('linkpath') ?? longLink;
      continue;
    }
    if (type === 'L') {
      longName = cstring(data, 0, data.length);
      continue;
    }
    if (type === 'K') {
      longLink = cstring(data, 0, data.length);
      continue;
    }
    if (type === 'g') continue;
    const raw = longName ?? (prefix ? `${prefix}/${name}` : name);
    const linkname = longLink ?? cstring(header, 157, 100);
    longName = undefined;
    longLink = undefined;
    const path = safePath(raw);
    if (type === '5') continue; // directory
    if (type === '2') {
      links.set(path, linkname);
      continue;
    }
    if (type !== '0' && type !== '\0' && type !== '7') {
      throw new TarError(`"${raw}" is ${typeNames[type] ?? `of type ${type}`}; artifacts hold regular files, directories and symlinks only`);
    }
    if (path === '') throw new TarError(`the file entry at byte ${at} has no name`, false);
    entries.push({ path, data: data.slice() });
  }
  for (const [path, target] of links) {
    const check = checkSymlink(path, target, links);
    if (!check.ok) {
      const why = check.reason === 'loop' ? 'is part of a symlink loop' : check.reason === 'absolute' ? 'points to an absolute path' : 'points outside the artifact';
      throw new TarError(`symlink "${path}" ${why} ("${target}")`);
    }
  }
  return entries;
}
