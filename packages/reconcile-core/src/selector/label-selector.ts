import { coreError, fail, ok, type Result } from '../errors.js';
import { labelKeyErrors, labelValueErrors } from './label-validation.js';

// Kubernetes label selectors as k8s.io/apimachinery/pkg/labels parses, prints and matches them: the string
// form (`env=prod,tier in (web,api),!legacy,replicas>2`) and the matchLabels/matchExpressions object form.
// The lexer, the parser's states and its messages follow apimachinery line by line, so a selector the hub
// accepts is one kubectl accepts, and the canonical string (requirements sorted by key, set values sorted)
// is the one Kubernetes prints.

export type SelectorOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  /** One value for `=`, `==`, `!=`, `gt`, `lt`; a non-empty set for `in`/`notin`; none for `exists`/`!`. */
  values: string[];
}

/** A parsed selector: every requirement must hold. No requirements selects everything. */
export type LabelSelector = SelectorRequirement[];

/** The object form Kubernetes APIs use (metav1.LabelSelector). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

type Token = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';
interface Scanned {
  tok: Token;
  lit: string;
}

const KEYWORDS: ReadonlyMap<string, Token> = new Map<string, Token>([
  [')', ')'],
  [',', ','],
  ['!', '!'],
  ['==', '=='],
  ['=', '='],
  ['>', '>'],
  ['in', 'in'],
  ['<', '<'],
  ['!=', '!='],
  ['notin', 'notin'],
  ['(', '('],
]);
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean => '=!(),><'.includes(c);

function lex(s: string): Scanned[] {
  const out: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      out.push({ tok: 'end', lit: '' });
      return out;
    }
    if (isSpecial(s[pos]!)) {
      // The longest run of symbols that is still an operator: `!=` but `!` `(`, `=(` as `=` then `(`.
      let buffer = '';
      let last: Scanned | undefined;
      while (pos < s.length && isSpecial(s[pos]!)) {
        buffer += s[pos];
        const tok = KEYWORDS.get(buffer);
        if (tok !== undefined) last = { tok, lit: buffer };
        else if (last) break;
        pos++;
      }
      out.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
    } else {
      const start = pos;
      while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) pos++;
      const lit = s.slice(start, pos);
      const keyword = KEYWORDS.get(lit);
      out.push({ tok: keyword ?? 'identifier', lit });
    }
  }
}

/** Go's %q for the strings a selector can hold. */
function goQuote(s: string): string {
  const escapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    out += escapes[ch] ?? (code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch);
  }
  return `"${out}"`;
}

/** field.Invalid(path, value, detail).Error() */
const invalid = (path: string, value: string | string[] | undefined, detail: string): string =>
  `${path}: Invalid value: ${typeof value === 'string' ? goQuote(value) : value === undefined || value.length === 0 ? 'null' : JSON.stringify(value)}: ${detail}`;

/** utilerrors.NewAggregate(errs).Error(): one message as it is, several in brackets, duplicates once. */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

/** strconv.ParseInt(s, 10, 64) */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(1n << 63n) && n < 1n << 63n ? n : undefined;
}

/** labels.NewRequirement: the operator's arity and the key and values' validity, as one message or none. */
function requirementErrors(key: string, operator: SelectorOperator, values: string[], path: string): string | undefined {
  const errors: string[] = [];
  const at = (child: string) => (path === '' ? child : `${path}.${child}`);
  const keyErrors = labelKeyErrors(key);
  if (keyErrors.length > 0) errors.push(invalid(at('key'), key, keyErrors.join('; ')));
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errors.push(invalid(at('values'), values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errors.push(invalid(at('values'), values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errors.push(invalid(at('values'), values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errors.push(invalid(at('values'), values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errors.push(invalid(`${at('values')}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  values.forEach((v, i) => {
    const valueErrors = labelValueErrors(v);
    if (valueErrors.length > 0) errors.push(invalid(`${at('values')}[${i}][${key}]`, v, valueErrors.join('; ')));
  });
  return errors.length > 0 ? aggregate(errors) : undefined;
}

const selectorError = (message: string) => fail<LabelSelector>(coreError('LABEL_SELECTOR_INVALID', message));

/** Kubernetes' requirement order (sort by key, stable). */
const byKey = (requirements: SelectorRequirement[]): LabelSelector =>
  requirements.map((r, i) => [r, i] as const).sort(([a, i], [b, j]) => (a.key < b.key ? -1 : a.key > b.key ? 1 : i - j)).map(([r]) => r);

class Parser {
  private position = 0;
  constructor(private readonly items: Scanned[]) {}

  /** In a value position `in` and `notin` are plain identifiers (`x in (in)`). */
  private look(values: boolean): Scanned {
    const item = this.items[this.position] ?? { tok: 'end', lit: '' };
    return values && (item.tok === 'in' || item.tok === 'notin') ? { tok: 'identifier', lit: item.lit } : item;
  }

  private take(values: boolean): Scanned {
    const item = this.look(values);
    this.position++;
    return item;
  }

  parse(): SelectorRequirement[] | string {
    const requirements: SelectorRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === 'end') return requirements;
      if (tok !== 'identifier' && tok !== '!') return `found '${lit}', expected: !, identifier, or 'end of string'`;
      const r = this.requirement();
      if (typeof r === 'string') return `unable to parse requirement: ${r}`;
      requirements.push(r);
      const next = this.take(true);
      if (next.tok === 'end') return requirements;
      if (next.tok !== ',') return `found '${next.lit}', expected: ',' or 'end of string'`;
      const after = this.look(true);
      if (after.tok !== 'identifier' && after.tok !== '!') return `found '${after.lit}', expected: identifier after ','`;
    }
  }

  private requirement(): SelectorRequirement | string {
    let { tok, lit } = this.take(true);
    let operator: SelectorOperator | undefined;
    if (tok === '!') {
      operator = '!';
      ({ tok, lit } = this.take(true));
    }
    if (tok !== 'identifier') return `found '${lit}', expected: identifier`;
    const key = lit;
    const keyErrors = labelKeyErrors(key);
    if (keyErrors.length > 0) return invalid('<nil>', key, keyErrors.join('; '));
    const next = this.look(true).tok;
    if (next === 'end' || next === ',') operator ??= 'exists';
    if (operator === 'exists' || operator === '!') return this.build(key, operator, []);
    const op = this.take(false);
    const binary: Partial<Record<Token, SelectorOperator>> = { in: 'in', '=': '=', '==': '==', '>': 'gt', '<': 'lt', notin: 'notin', '!=': '!=' };
    const chosen = binary[op.tok];
    if (chosen === undefined) return `found '${op.lit}', expected: ${BINARY_OPERATORS}`;
    const values = chosen === 'in' || chosen === 'notin' ? this.setValues() : this.exactValue();
    if (typeof values === 'string') return values;
    return this.build(key, chosen, values);
  }

  private build(key: string, operator: SelectorOperator, values: string[]): SelectorRequirement | string {
    return requirementErrors(key, operator, values, '') ?? { key, operator, values };
  }

  /** `(a,b)`: a sorted set; `()` and empty members stand for the empty value. */
  private setValues(): string[] | string {
    const open = this.take(true);
    if (open.tok !== '(') return `found '${open.lit}' expected: '('`;
    const first = this.look(true);
    if (first.tok === ')') {
      this.position++;
      return [''];
    }
    if (first.tok !== 'identifier' && first.tok !== ',') return `found '${first.lit}', expected: ',', ')' or identifier`;
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.take(true);
      if (tok === 'identifier') {
        set.add(lit);
        const after = this.look(true);
        if (after.tok === ',') continue;
        if (after.tok === ')') break;
        return `found '${after.lit}', expected: ',' or ')'`;
      }
      if (tok !== ',') return `found '${lit}', expected: ',', or identifier`;
      if (set.size === 0) set.add('');
      const after = this.look(true).tok;
      if (after === ')') {
        set.add('');
        break;
      }
      if (after === ',') {
        this.position++;
        set.add('');
      }
    }
    const close = this.take(true);
    if (close.tok !== ')') return `found '${first.lit}', expected: ')'`;
    return [...set].sort();
  }

  private exactValue(): string[] | string {
    const next = this.look(true);
    if (next.tok === 'end' || next.tok === ',') return [''];
    const { tok, lit } = this.take(true);
    return tok === 'identifier' ? [lit] : `found '${lit}', expected: identifier`;
  }
}

/** labels.Parse: the string form, with Kubernetes' messages. */
export function parseLabelSelector(text: string): Result<LabelSelector> {
  const parsed = new Parser(lex(text)).parse();
  return typeof parsed === 'string' ? selectorError(parsed) : ok(byKey(parsed));
}

const OBJECT_OPERATORS: Readonly<Record<string, SelectorOperator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** metav1.LabelSelectorAsSelector: matchLabels (as `=`) and matchExpressions (In, NotIn, Exists, DoesNotExist). */
export function labelSelectorFromObject(selector: LabelSelectorObject): Result<LabelSelector> {
  const requirements: SelectorRequirement[] = [];
  for (const key of Object.keys(selector.matchLabels ?? {}).sort()) {
    const values = [selector.matchLabels?.[key] ?? ''];
    const error = requirementErrors(key, '=', values, '');
    if (error !== undefined) return selectorError(error);
    requirements.push({ key, operator: '=', values });
  }
  for (const expr of selector.matchExpressions ?? []) {
    const operator = Object.hasOwn(OBJECT_OPERATORS, expr.operator) ? OBJECT_OPERATORS[expr.operator] : undefined;
    if (operator === undefined) return selectorError(`${goQuote(expr.operator)} is not a valid label selector operator`);
    const values = [...(expr.values ?? [])];
    const error = requirementErrors(expr.key, operator, values, '');
    if (error !== undefined) return selectorError(error);
    requirements.push({ key: expr.key, operator, values });
  }
  return ok(byKey(requirements));
}

const OPERATOR_TEXT: Record<SelectorOperator, string> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<', exists: '', '!': '' };

/** Selector.String(): the canonical text, e.g. `env=prod,!legacy,tier in (api,web)`. */
export function formatLabelSelector(selector: readonly SelectorRequirement[]): string {
  return selector
    .map((r) => {
      if (r.operator === 'exists') return r.key;
      if (r.operator === '!') return `!${r.key}`;
      const values = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort().join(',');
      const set = r.operator === 'in' || r.operator === 'notin';
      return `${r.key}${OPERATOR_TEXT[r.operator]}${set ? `(${values})` : values}`;
    })
    .join(',');
}

/** Selector.Matches: does a label set satisfy every requirement? */
export function matchesLabelSelector(selector: readonly SelectorRequirement[], labels: Readonly<Record<string, string>>): boolean {
  return selector.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const value = has ? labels[r.key] : undefined;
    switch (r.operator) {
      case '=':
      case '==':
      case 'in':
        return value !== undefined && r.values.includes(value);
      case '!=':
      case 'notin':
        return value === undefined || !r.values.includes(value);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        const actual = value === undefined ? undefined : parseInt64(value);
        const wanted = r.values.length === 1 ? parseInt64(r.values[0] ?? '') : undefined;
        if (actual === undefined || wanted === undefined) return false;
        return r.operator === 'gt' ? actual > wanted : actual < wanted;
      }
    }
  });
}
