import { coreError, fail, ok, type Result } from '../errors.js';
import { EnvParseError, parseEnvTemplate, type EnvNode, type FuncNode } from './envsubst-parse.js';
import { compileGlob, globMatches } from './glob.js';

export interface EnvsubstOptions {
  /** Strict mode (Flux 2.9 default): an undefined variable without a default fails. Non-strict reads it as ''. */
  strict?: boolean;
  /** File or object the text came from, carried into errors. */
  path?: string;
}

// Operators that supply their own value when the variable is unset, so strict mode lets them through.
const DEFAULT_OPS = new Set(['-', '+', '=', '?', ':-', ':+', ':=', ':?']);

class UndefinedVariable extends Error {
  constructor(readonly variable: string) {
    super(variable);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Expands `${...}` expressions in `text` as Flux's postBuild substitution does. `vars` is looked up by own
 * property only, so names such as `constructor` are never found by accident.
 */
export function envsubst(
  text: string,
  vars: Readonly<Record<string, string>>,
  options: EnvsubstOptions = {},
): Result<string> {
  const strict = options.strict ?? true;
  let nodes: EnvNode[];
  try {
    nodes = parseEnvTemplate(text);
  } catch (e) {
    if (e instanceof EnvParseError) {
      return fail(coreError('SUBSTITUTE_SYNTAX', `variable substitution failed: ${e.reason}`, options.path));
    }
    throw e;
  }
  const lookup = (name: string): string | undefined => {
    if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
    return strict ? undefined : '';
  };
  try {
    return ok(evalNodes(nodes, lookup));
  } catch (e) {
    if (e instanceof UndefinedVariable) {
      return fail(
        coreError(
          'SUBSTITUTE_VAR_UNDEFINED',
          `variable not set (strict mode): "${e.variable}"`,
          options.path,
        ),
      );
    }
    throw e;
  }
}

function evalNodes(nodes: EnvNode[], lookup: (name: string) => string | undefined): string {
  let out = '';
  for (const node of nodes) out += node.type === 'text' ? node.value : evalFunc(node, lookup);
  return out;
}

function evalFunc(node: FuncNode, lookup: (name: string) => string | undefined): string {
  // Arguments are evaluated first, as in Flux: a missing variable nested in a default still fails.
  const args = node.args.map((arg) => evalNodes(arg, lookup));
  const found = lookup(node.param);
  if (found === undefined && !DEFAULT_OPS.has(node.op)) throw new UndefinedVariable(node.param);
  return applyOperator(node.op, found ?? '', args);
}

function applyOperator(op: string, value: string, args: string[]): string {
  const [a, b] = args;
  switch (op) {
    case ',':
      return value.slice(0, firstCharLength(value)).toLowerCase() + value.slice(firstCharLength(value));
    case ',,':
      return value.toLowerCase();
    case '^':
      return value.slice(0, firstCharLength(value)).toUpperCase() + value.slice(firstCharLength(value));
    case '^^':
      return value.toUpperCase();
    case '#':
      return a === undefined ? String(encoder.encode(value).length) : trimPrefix(value, a, 'shortest');
    case '##':
      return a === undefined ? value : trimPrefix(value, a, 'longest');
    case '%':
      return a === undefined ? value : trimSuffix(value, a, 'shortest');
    case '%%':
      return a === undefined ? value : trimSuffix(value, a, 'longest');
    case ':':
      return substring(value, a, b);
    case '/':
      return a === undefined ? value : replaceOnce(value, a, b ?? '');
    case '//':
      return a === undefined ? value : replaceAll(value, a, b ?? '');
    case '/#':
      return a !== undefined && b !== undefined && value.startsWith(a) ? b + value.slice(a.length) : value;
    case '/%':
      return a !== undefined && b !== undefined && value.endsWith(a)
        ? value.slice(0, value.length - a.length) + b
        : value;
    default:
      // '', '=', ':=', ':-', ':?', ':+' and anything else: the value, or the default when it is empty.
      return value === '' && args.length > 0 ? args.join('') : value;
  }
}

function firstCharLength(s: string): number {
  const cp = s.codePointAt(0);
  return cp === undefined ? 0 : String.fromCodePoint(cp).length;
}

function replaceOnce(value: string, pattern: string, replacement: string): string {
  if (pattern === '') return replacement + value; // Go's strings.Replace with an empty pattern inserts at the start.
  const at = value.indexOf(pattern);
  return at < 0 ? value : value.slice(0, at) + replacement + value.slice(at + pattern.length);
}

function replaceAll(value: string, pattern: string, replacement: string): string {
  // Go's strings.Replace with an empty pattern inserts the replacement before every character and at the end.
  if (pattern === '')
    return (
      replacement +
      Array.from(value)
        .map((ch) => ch + replacement)
        .join('')
    );
  return value.split(pattern).join(replacement);
}

// Offsets and lengths count bytes of the UTF-8 encoding, as Go strings do.
function substring(value: string, offsetText: string | undefined, lengthText: string | undefined): string {
  const bytes = encoder.encode(value);
  let pos = parseGoInt(offsetText);
  if (pos === undefined) return value;
  if (pos < 0) pos = Math.max(0, bytes.length + pos);
  if (lengthText === undefined) return pos < bytes.length ? decoder.decode(bytes.subarray(pos)) : '';
  const length = parseGoInt(lengthText);
  if (length === undefined) return value;
  if (pos + length >= bytes.length) return pos < bytes.length ? decoder.decode(bytes.subarray(pos)) : '';
  return decoder.decode(bytes.subarray(pos, pos + length));
}

function parseGoInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number.parseInt(text, 10);
}

// Prefix removal tries ever shorter prefixes of the value against the glob, as Flux's trimShortest/Longest do.
function trimPrefix(value: string, pattern: string, which: 'shortest' | 'longest'): string {
  const glob = compileGlob(pattern);
  if (glob === undefined) return value;
  let match: string | undefined;
  for (let end = value.length; end > 0; end--) {
    const candidate = value.slice(0, end);
    if (globMatches(glob, candidate)) {
      match = candidate;
      if (which === 'longest') break;
    }
  }
  return match ? value.slice(match.length) : value;
}

function trimSuffix(value: string, pattern: string, which: 'shortest' | 'longest'): string {
  const reverse = (s: string): string => Array.from(s).reverse().join('');
  return reverse(trimPrefix(reverse(value), reverse(pattern), which));
}
