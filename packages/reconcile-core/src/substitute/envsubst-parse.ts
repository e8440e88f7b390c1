// A parser for the shell-like `${...}` expressions Flux's postBuild substitution accepts (fluxcd/pkg
// envsubst, a fork of drone/envsubst). It follows that scanner's quirks on purpose, because users' manifests
// depend on them: `$$` always collapses to `$` (so `$${var}` is a literal `${var}`), `$var` without braces
// is text, `${var-d}` and `${var+d}` are syntax errors, and `${var:+d}` / `${var:?d}` act as defaults.

export type EnvNode = TextNode | FuncNode;
export interface TextNode {
  type: 'text';
  value: string;
}
export interface FuncNode {
  type: 'func';
  /** The variable name. */
  param: string;
  /** The operator: '' for a plain `${var}`, otherwise e.g. ':=', '#', '//', '^^', ':'. */
  op: string;
  args: EnvNode[][];
}

export type ParseFailure =
  | 'bad substitution'
  | 'missing closing brace'
  | 'unable to parse variable name'
  | 'unable to parse substitution within function'
  | 'unable to parse default function';

export class EnvParseError extends Error {
  constructor(readonly reason: ParseFailure) {
    super(reason);
  }
}

type Accept = (ch: string, i: number) => boolean;

const MODE_IDENT = 1;
const MODE_LBRACK = 2;
const MODE_RBRACK = 4;
const MODE_ESCAPE = 8;
const ESC_DOLLAR = 1;
const ESC_BACKSLASH = 2;

type Token = 'eof' | 'ident' | 'lbrack' | 'rbrack' | 'illegal';

const isIdentChar = (ch: string): boolean => /^[\p{L}\p{Nd}_]$/u.test(ch);

class Scanner {
  private pos = 0;
  private start = 0;
  private width = 0;
  /** Positions of escape characters inside the current token, left out of its text. */
  private skips: number[] = [];
  mode = 0;
  escapes = ESC_DOLLAR;
  accept: Accept = () => true;

  constructor(private readonly buf: string) {}

  read(): string {
    if (this.pos >= this.buf.length) {
      this.width = 0;
      return '';
    }
    const cp = this.buf.codePointAt(this.pos) ?? 0;
    const ch = String.fromCodePoint(cp);
    this.width = ch.length;
    this.pos += this.width;
    return ch;
  }

  unread(): void {
    this.pos -= this.width;
  }

  peek(): string {
    const ch = this.read();
    this.unread();
    return ch;
  }

  /**
   * Drops the escape character just read and takes the escaped one into the current token as is. (Flux's
   * scanner cuts the escape out of its buffer; remembering its position instead keeps scanning linear.)
   */
  private dropPrevious(): void {
    this.skips.push(this.pos - 1);
    this.read();
  }

  text(): string {
    let out = '';
    let from = this.start;
    for (const at of this.skips) {
      out += this.buf.slice(from, at);
      from = at + 1;
    }
    return out + this.buf.slice(from, this.pos);
  }

  scan(): Token {
    this.start = this.pos;
    this.skips = [];
    const ch = this.read();
    if (ch === '') return 'eof';
    if (this.isLbrack(ch)) return 'lbrack';
    if (this.mode & MODE_RBRACK && ch === '}') return 'rbrack';
    if (this.scanIdent(ch)) return 'ident';
    return 'illegal';
  }

  private isLbrack(ch: string): boolean {
    if (!(this.mode & MODE_LBRACK) || ch !== '$') return false;
    if (this.read() === '{') return true;
    this.unread();
    return false;
  }

  private isEscape(ch: string): boolean {
    if (!(this.mode & MODE_ESCAPE)) return false;
    if (ch === '$' && this.escapes & ESC_DOLLAR && this.peek() === '$') return true;
    if (ch === '\\' && this.escapes & ESC_BACKSLASH) {
      const next = this.peek();
      return next === '/' || next === '\\';
    }
    return false;
  }

  private scanIdent(first: string): boolean {
    if (!(this.mode & MODE_IDENT)) return false;
    if (this.isEscape(first)) this.dropPrevious();
    else if (!this.accept(first, this.pos - this.start)) return false;
    for (;;) {
      const ch = this.read();
      if (ch === '') {
        this.unread();
        return true;
      }
      if (this.isLbrack(ch)) {
        // Stop before the `${` so the caller sees it as the next token.
        this.pos -= 2;
        return true;
      }
      if (this.isEscape(ch)) {
        this.dropPrevious();
        continue;
      }
      if (!this.accept(ch, this.pos - this.start)) {
        this.unread();
        return true;
      }
    }
  }
}

const acceptAll: Accept = () => true;
const acceptIdent: Accept = (ch) => isIdentChar(ch);
const acceptNotClosing: Accept = (ch) => ch !== '}';
const acceptNotSlash: Accept = (ch) => ch !== '/';
const rejectColonClose: Accept = (ch) => ch !== ':' && ch !== '}';
const acceptColon: Accept = (ch) => ch === ':';
const acceptSlash: Accept = (ch) => ch === '/';
const acceptOneHash: Accept = (ch, i) => ch === '#' && i === 1;
const acceptOneColon: Accept = (ch, i) => ch === ':' && i === 1;
const acceptOneEqual: Accept = (ch, i) => ch === '=' && i === 1;
const acceptHashOp: Accept = (ch, i) => ch === '#' && i < 3;
const acceptPercentOp: Accept = (ch, i) => ch === '%' && i < 3;
const acceptCasingOp: Accept = (ch, i) => (ch === ',' || ch === '^') && i < 3;
const acceptDefaultOp: Accept = (ch, i) => (i === 1 && ch === ':') || (i === 2 && '=-?+'.includes(ch));
const acceptReplaceOp: Accept = (ch, i) => (i === 1 && ch === '/') || (i === 2 && '/#%'.includes(ch));

/** Parses a template; throws EnvParseError (caught by `envsubst`, never leaves the module). */
export function parseEnvTemplate(input: string): EnvNode[] {
  const s = new Scanner(input);
  const nodes: EnvNode[] = [];
  for (;;) {
    s.accept = acceptAll;
    s.mode = MODE_IDENT | MODE_LBRACK | MODE_ESCAPE;
    s.escapes = ESC_DOLLAR;
    const tok = s.scan();
    if (tok === 'eof') return nodes;
    if (tok === 'ident') nodes.push({ type: 'text', value: s.text() });
    else if (tok === 'lbrack') nodes.push(parseFunc(s));
    else throw new EnvParseError('bad substitution');
  }
}

function parseFunc(s: Scanner): FuncNode {
  s.escapes = ESC_DOLLAR | ESC_BACKSLASH;
  if (s.peek() === '#') return parseLength(s);
  s.accept = acceptIdent;
  s.mode = MODE_IDENT;
  if (s.scan() !== 'ident') throw new EnvParseError('unable to parse variable name');
  const param = s.text();
  switch (s.peek()) {
    case ':':
      return parseDefaultOrSubstring(s, param);
    case '=':
      return parseDefault(s, param);
    case ',':
    case '^':
      return parseOperatorOnly(s, param, acceptCasingOp);
    case '/':
      return parseReplace(s, param);
    case '#':
      return parseTrim(s, param, acceptHashOp);
    case '%':
      return parseTrim(s, param, acceptPercentOp);
  }
  s.accept = acceptIdent;
  s.mode = MODE_RBRACK;
  if (s.scan() !== 'rbrack') throw new EnvParseError('missing closing brace');
  return { type: 'func', param, op: '', args: [] };
}

function parseParam(s: Scanner, accept: Accept, mode: number): EnvNode {
  s.accept = accept;
  s.mode = mode | MODE_LBRACK;
  const tok = s.scan();
  if (tok === 'lbrack') return parseFunc(s);
  if (tok === 'ident' || tok === 'rbrack') return { type: 'text', value: s.text() };
  throw new EnvParseError('unable to parse substitution within function');
}

function scanOperator(s: Scanner, accept: Accept, failure: ParseFailure): string {
  s.accept = accept;
  s.mode = MODE_IDENT;
  if (s.scan() !== 'ident') throw new EnvParseError(failure);
  return s.text();
}

function consumeRbrack(s: Scanner): void {
  s.mode = MODE_RBRACK;
  if (s.scan() !== 'rbrack') throw new EnvParseError('bad substitution');
}

function parseDefaultOrSubstring(s: Scanner, param: string): FuncNode {
  s.read();
  const next = s.peek();
  s.unread();
  return '=-?+'.includes(next) && next !== '' ? parseDefault(s, param) : parseSubstring(s, param);
}

function parseSubstring(s: Scanner, param: string): FuncNode {
  const op = scanOperator(s, acceptOneColon, 'bad substitution');
  const node: FuncNode = { type: 'func', param, op, args: [[parseParam(s, rejectColonClose, MODE_IDENT)]] };
  s.accept = acceptColon;
  s.mode = MODE_IDENT | MODE_RBRACK;
  const tok = s.scan();
  if (tok === 'rbrack') return node;
  if (tok !== 'ident') throw new EnvParseError('bad substitution');
  node.args.push([parseParam(s, acceptNotClosing, MODE_IDENT)]);
  consumeRbrack(s);
  return node;
}

function parseTrim(s: Scanner, param: string, accept: Accept): FuncNode {
  const op = scanOperator(s, accept, 'bad substitution');
  const node: FuncNode = { type: 'func', param, op, args: [[parseParam(s, acceptNotClosing, MODE_IDENT)]] };
  consumeRbrack(s);
  return node;
}

function parseReplace(s: Scanner, param: string): FuncNode {
  const op = scanOperator(s, acceptReplaceOp, 'bad substitution');
  const node: FuncNode = {
    type: 'func',
    param,
    op,
    args: [[parseParam(s, acceptNotSlash, MODE_IDENT | MODE_ESCAPE)]],
  };
  scanOperator(s, acceptSlash, 'bad substitution');
  if (s.peek() === '}') {
    consumeRbrack(s);
    return node;
  }
  node.args.push([parseParam(s, acceptNotClosing, MODE_IDENT | MODE_ESCAPE)]);
  consumeRbrack(s);
  return node;
}

function parseDefault(s: Scanner, param: string): FuncNode {
  const op = scanOperator(
    s,
    s.peek() === '=' ? acceptOneEqual : acceptDefaultOp,
    'unable to parse default function',
  );
  // The default may be several pieces (text and nested `${...}`), concatenated without a separator.
  const pieces: EnvNode[] = [];
  while (s.peek() !== '}') pieces.push(parseParam(s, acceptNotClosing, MODE_IDENT));
  consumeRbrack(s);
  return { type: 'func', param, op, args: pieces.length > 0 ? [pieces] : [] };
}

function parseOperatorOnly(s: Scanner, param: string, accept: Accept): FuncNode {
  const op = scanOperator(s, accept, 'bad substitution');
  consumeRbrack(s);
  return { type: 'func', param, op, args: [] };
}

function parseLength(s: Scanner): FuncNode {
  const op = scanOperator(s, acceptOneHash, 'bad substitution');
  s.accept = acceptIdent;
  s.mode = MODE_IDENT;
  if (s.scan() !== 'ident') throw new EnvParseError('bad substitution');
  const param = s.text();
  consumeRbrack(s);
  return { type: 'func', param, op, args: [] };
}
