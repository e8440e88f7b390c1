import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from './parse.js';

function one(text: string): unknown {
  const r = parseYamlDocuments(text, 'x.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value[0];
}

describe('parseYamlDocuments (go-yaml v3 scalar rules, as kustomize reads manifests)', () => {
  it.each([
    ['0644', 420],
    ['0x1F', 31],
    ['+8080', 8080],
    ['1_000', 1000],
    ['1e3', 1000],
    ['09', 9],
    ['True', true],
    ['yes', 'yes'],
    ['on', 'on'],
    ['~', null],
    ['2024-01-01', '2024-01-01T00:00:00Z'],
    ['2024-01-01T10:00:00+02:00', '2024-01-01T10:00:00+02:00'],
    ['2001-12-14 21:59:43.10 -5', '2001-12-14 21:59:43.10 -5'],
    ['1.2.3', '1.2.3'],
  ])('plain %s reads as %j', (src, want) => {
    expect(one(`v: ${src}`)).toEqual({ v: want });
  });

  it('keeps quoted scalars as strings', () => {
    expect(one(`a: "0644"\nb: 'true'`)).toEqual({ a: '0644', b: 'true' });
  });

  it('skips empty documents and comment-only documents', () => {
    const r = parseYamlDocuments('---\n# only a comment\n---\na: 1\n---\n', 'x.yaml');
    expect(r.ok && r.value).toEqual([{ a: 1 }]);
  });

  it('applies merge keys', () => {
    expect(one('base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3')).toEqual({ base: { x: 1, y: 2 }, derived: { x: 1, y: 3 } });
  });

  it('refuses .inf, which JSON cannot hold (YAML_INVALID_VALUE)', () => {
    const r = parseYamlDocuments('v: .inf', 'x.yaml');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]?.code).toBe('YAML_INVALID_VALUE');
  });

  it('refuses duplicate keys with YAML_PARSE_ERROR and names the file', () => {
    const r = parseYamlDocuments('a: 1\na: 2', 'dup.yaml');
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'YAML_PARSE_ERROR', path: 'dup.yaml' });
  });

  it('stops an alias bomb with YAML_ALIAS_LIMIT in bounded time', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const t0 = performance.now();
    const r = parseYamlDocuments(text, 'bomb.yaml');
    expect(!r.ok && r.errors[0]?.code).toBe('YAML_ALIAS_LIMIT');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('stops deep flow nesting with YAML_TOO_DEEP', () => {
    const r = parseYamlDocuments(`v: ${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'deep.yaml');
    expect(!r.ok && r.errors[0]?.code).toBe('YAML_TOO_DEEP');
  });

  it('stops deep block nesting with YAML_TOO_DEEP', () => {
    let text = '';
    for (let i = 0; i < 400; i++) text += `${' '.repeat(i)}k${i}:\n`;
    const r = parseYamlDocuments(text, 'deep.yaml');
    expect(!r.ok && r.errors[0]?.code).toBe('YAML_TOO_DEEP');
  });

  it('refuses text above the size limit', () => {
    const r = parseYamlDocuments('a: b\n'.repeat(100), 'big.yaml', { maxBytes: 100, maxDepth: 10, maxNodes: 100 });
    expect(r.ok).toBe(false);
  });
});

describe('parseYamlDocuments keeps plain scalars named like Object.prototype members as strings', () => {
  it.each([false, true])('toString, constructor, valueOf and __proto__ as keys and values (yaml11Booleans: %s)', (yaml11Booleans) => {
    const r = parseYamlDocuments('toString: constructor\nconstructor: toString\nvalueOf: hasOwnProperty\nlist: [toString, __proto__]\n', 'f.yaml', undefined, { yaml11Booleans });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual([{ toString: 'constructor', constructor: 'toString', valueOf: 'hasOwnProperty', list: ['toString', '__proto__'] }]);
  });
});
