import type { JsonValue, JsonObject } from './parse.js';
import { goYamlKeyOrder } from './key-order.js';
import { chooseStringStyle, isPrintable } from './scalar-style.js';
import { formatNumber } from './format-number.js';

// A YAML writer that reproduces go-yaml v2's Marshal output for JSON-shaped values (what kustomize
// prints): 2-space indent, sequences not indented under their key, 80-column folding of long scalars.

const BEST_WIDTH = 80;

class Writer {
  out = '';
  column = 0;
  write(s: string): void {
    this.out += s;
    // Every character advances one column, as in libyaml.
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) n++;
    }
    this.column += n;
  }
  newline(): void {
    this.out += '\n';
    this.column = 0;
  }
  indentTo(indent: number): void {
    if (this.column > 0) this.newline();
    if (indent > 0) {
      this.out += ' '.repeat(indent);
      this.column = indent;
    }
  }
}

const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function hex(n: number, w: number): string {
  return n.toString(16).toUpperCase().padStart(w, '0');
}

function writePlain(w: Writer, cps: string[], indent: number, allowBreaks: boolean): void {
  let spaces = false;
  let buf = '';
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i] as string;
    if (ch === ' ') {
      if (allowBreaks && !spaces && w.column + buf.length > BEST_WIDTH && cps[i + 1] !== ' ') {
        w.write(buf);
        buf = '';
        w.indentTo(indent);
      } else buf += ch;
      spaces = true;
    } else {
      buf += ch;
      spaces = false;
    }
    if (buf.length > 64) {
      w.write(buf);
      buf = '';
    }
  }
  w.write(buf);
}

function writeSingle(w: Writer, cps: string[], indent: number, allowBreaks: boolean): void {
  w.write("'");
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i] as string;
    if (ch === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i > 0 && i < cps.length - 1 && cps[i + 1] !== ' ') {
        w.indentTo(indent);
      } else w.write(ch);
      spaces = true;
    } else {
      w.write(ch === "'" ? "''" : ch);
      spaces = false;
    }
  }
  w.write("'");
}

function writeDouble(w: Writer, cps: string[], indent: number, allowBreaks: boolean): void {
  w.write('"');
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i] as string;
    const c = ch.codePointAt(0) as number;
    const isBreak = c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
    if (!isPrintable(c) || c === 0xfeff || isBreak || c === 0x22 || c === 0x5c) {
      const e = ESCAPES[c];
      if (e !== undefined) w.write(`\\${e}`);
      else if (c <= 0xff) w.write(`\\x${hex(c, 2)}`);
      else if (c <= 0xffff) w.write(`\\u${hex(c, 4)}`);
      else w.write(`\\U${hex(c, 8)}`);
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1) {
        w.indentTo(indent);
        if (cps[i + 1] === ' ') w.write('\\');
      } else w.write(ch);
      spaces = true;
    } else {
      w.write(ch);
      spaces = false;
    }
  }
  w.write('"');
}

function writeLiteral(w: Writer, s: string, indent: number): void {
  let hints = '|';
  const first = s.charAt(0);
  if (first === ' ' || first === '\n') hints += '2';
  const last = s.charAt(s.length - 1);
  if (last !== '\n') hints += '-';
  else if (s.length === 1 || s.charAt(s.length - 2) === '\n') hints += '+';
  w.write(hints);
  w.newline();
  // Every break in the value is written, so a "|+" value leaves its blank lines behind it.
  const lines = s.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length > 0) {
      w.out += ' '.repeat(indent);
      w.column = indent;
      w.write(line);
    }
    if (i < lines.length - 1) w.newline();
  }
}

function writeString(w: Writer, s: string, indent: number, simpleKey: boolean): void {
  const style = chooseStringStyle(s, simpleKey);
  switch (style) {
    case 'plain':
      if (!simpleKey && s.length + w.column <= BEST_WIDTH) w.write(s);
      else writePlain(w, Array.from(s), indent, !simpleKey);
      return;
    case 'single':
      writeSingle(w, Array.from(s), indent, !simpleKey);
      return;
    case 'double':
      writeDouble(w, Array.from(s), indent, !simpleKey);
      return;
    case 'literal':
      writeLiteral(w, s, indent);
      return;
  }
}

function writeScalar(w: Writer, v: JsonValue, indent: number): void {
  if (v === null) w.write('null');
  else if (typeof v === 'boolean') w.write(v ? 'true' : 'false');
  else if (typeof v === 'number') w.write(formatNumber(v));
  else if (typeof v === 'string') writeString(w, v, indent, false);
}

function isEmptyCollection(v: JsonValue): string | undefined {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  if (v !== null && typeof v === 'object') {
    for (const _ in v) return undefined;
    return '{}';
  }
  return undefined;
}

const encoder = new TextEncoder();
function isSimpleKey(k: string): boolean {
  if (k.length > 128) return false;
  if (k.length > 42 && encoder.encode(k).length > 128) return false;
  return !/[\n\r\u0085\u2028\u2029]/.test(k) || chooseStringStyle(k, true) === 'double';
}

function writeMap(w: Writer, obj: JsonObject, indent: number, inline: boolean): void {
  const keys = goYamlKeyOrder(Object.keys(obj));
  let first = true;
  for (const k of keys) {
    if (!(first && inline)) w.indentTo(indent);
    first = false;
    if (isSimpleKey(k)) {
      writeString(w, k, indent, true);
      w.write(':');
    } else {
      // libyaml writes keys longer than 128 bytes (or multi-line ones) as "? key" / ": value".
      w.write('?');
      writeValue(w, k, indent, false);
      w.indentTo(indent);
      w.write(':');
    }
    writeValue(w, obj[k] as JsonValue, indent, false);
  }
}

function writeSeq(w: Writer, arr: JsonValue[], indent: number, inline: boolean): void {
  let first = true;
  for (const item of arr) {
    if (!(first && inline)) w.indentTo(indent);
    first = false;
    w.write('-');
    writeValue(w, item, indent, true);
  }
}

// `indent` is the indentation of the owning mapping key or sequence dash.
function writeValue(w: Writer, v: JsonValue, indent: number, inSeq: boolean): void {
  if (v === null || typeof v !== 'object') {
    w.write(' ');
    writeScalar(w, v, indent + 2);
    return;
  }
  const empty = isEmptyCollection(v);
  if (empty) {
    w.write(` ${empty}`);
    return;
  }
  if (Array.isArray(v)) {
    if (inSeq) {
      w.write(' ');
      writeSeq(w, v, indent + 2, true);
    } else writeSeq(w, v, indent, false);
    return;
  }
  if (inSeq) {
    w.write(' ');
    writeMap(w, v, indent + 2, true);
  } else writeMap(w, v, indent + 2, false);
}

/** One YAML document (no `---`), ending in a newline. */
export function emitYaml(v: JsonValue): string {
  const w = new Writer();
  if (v !== null && typeof v === 'object' && !isEmptyCollection(v)) {
    if (Array.isArray(v)) writeSeq(w, v, 0, false);
    else writeMap(w, v, 0, false);
  } else if (v !== null && typeof v === 'object') {
    w.write(isEmptyCollection(v) as string);
  } else {
    writeScalar(w, v, 0);
  }
  if (w.column > 0) w.newline();
  return w.out;
}
