import { describe, expect, it } from 'vitest';
import { emitYaml } from './emit.js';

// Expected strings are what kustomize v5.5.0 prints (go-yaml v2 through sigs.k8s.io/yaml).
describe('emitYaml (go-yaml v2 output style)', () => {
  it('sorts keys and does not indent sequences under their key', () => {
    expect(emitYaml({ b: [1, { y: 2, x: 'a' }], a: {} })).toBe('a: {}\nb:\n- 1\n- x: a\n  "y": 2\n');
  });

  it.each([
    ['yes', '"yes"'],
    ['42', '"42"'],
    ['1.10', '"1.10"'],
    ['12:30', '"12:30"'],
    ['2024-01-01', '"2024-01-01"'],
    ['# not a comment', "'# not a comment'"],
    ['key: value', "'key: value'"],
    ['*', "'*'"],
    ["it's", "it's"],
    ["'sq", "'''sq'"],
    ['tab\there', '"tab\\there"'],
    ['emoji 😀', '"emoji \\U0001F600"'],
    ['', '""'],
    ['x,y', 'x,y'],
  ])('writes %j as %s', (s, want) => {
    expect(emitYaml({ v: s })).toBe(`v: ${want}\n`);
  });

  it('uses literal blocks with chomping and indentation hints', () => {
    expect(emitYaml({ v: 'a\nb' })).toBe('v: |-\n  a\n  b\n');
    expect(emitYaml({ v: 'a\n' })).toBe('v: |\n  a\n');
    expect(emitYaml({ v: 'a\n\n' })).toBe('v: |+\n  a\n\n');
    expect(emitYaml({ v: '  x\ny' })).toBe('v: |2-\n    x\n  y\n');
  });

  it('folds long plain scalars after column 80', () => {
    const s = 'This description is deliberately long so that it exceeds the eighty column limit of the YAML emitter used by kustomize.';
    expect(emitYaml({ spec: { description: s } })).toBe(
      'spec:\n  description: This description is deliberately long so that it exceeds the eighty\n    column limit of the YAML emitter used by kustomize.\n',
    );
  });

  it('prints numbers as JSON text re-read by go-yaml', () => {
    expect(emitYaml({ a: 1.5, b: 1e21, c: 0.000001, d: 100, e: -0 })).toBe('a: 1.5\nb: 1e+21\nc: 1e-06\nd: 100\ne: 0\n');
  });
});
