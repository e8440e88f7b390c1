import { describe, expect, it } from 'vitest';
import { substituteObjects } from './substitute-objects.js';
import { resolveSubstituteVars } from './resolve-vars.js';

const deployment = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps', ...extra },
  spec: {
    replicas: '${replicas}',
    template: { spec: { containers: [{ name: 'web', image: 'nginx:${tag:=1.27}' }] } },
  },
});

describe('substituteObjects', () => {
  it('replaces ${var} and applies ${var:=default} (flux.md §2 postBuild)', () => {
    const res = substituteObjects([deployment()], { replicas: '3' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const spec = res.value[0]?.spec as {
      replicas: unknown;
      template: { spec: { containers: { image: string }[] } };
    };
    // An unquoted number becomes a number again, which is why Flux's docs say numbers need ${quote}.
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.containers[0]?.image).toBe('nginx:1.27');
  });

  it('fails an undefined variable without default in strict mode, naming it and the object (Flux 2.9 strict default)', () => {
    const res = substituteObjects([deployment()], { other: 'x' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toEqual([
      {
        code: 'SUBSTITUTE_VAR_UNDEFINED',
        message: 'variable not set (strict mode): "replicas"',
        path: 'Deployment/apps/web',
      },
    ]);
  });

  it('non-strict mode (StrictPostBuildSubstitutions=false) replaces an undefined variable with an empty string', () => {
    const res = substituteObjects(
      [{ kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x${missing}y' } }],
      { other: '1' },
      { strict: false },
    );
    expect(res.ok && res.value[0]?.data).toEqual({ a: 'xy' });
  });

  it('skips objects labelled or annotated kustomize.toolkit.fluxcd.io/substitute: disabled (flux.md §2)', () => {
    const annotated = deployment({ annotations: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } });
    const labelled = deployment({ labels: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } });
    const res = substituteObjects([annotated, labelled], { other: 'x' });
    expect(res.ok && res.value).toEqual([annotated, labelled]);
  });

  it('does nothing when no variable resolved, unless substituteStrategy Always (flux.md §2)', () => {
    const obj = deployment();
    const skipped = substituteObjects([obj], {});
    expect(skipped.ok && skipped.value[0]).toBe(obj);
    const always = substituteObjects(
      [{ kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '${x:=fallback}' } }],
      {},
      { always: true },
    );
    expect(always.ok && always.value[0]?.data).toEqual({ a: 'fallback' });
  });

  it('keeps $${var} as a literal ${var} and leaves $var alone', () => {
    const res = substituteObjects(
      [{ kind: 'ConfigMap', metadata: { name: 'c' }, data: { script: 'echo $${HOME} $PATH ${v}' } }],
      { v: 'ok' },
    );
    expect(res.ok && res.value[0]?.data).toEqual({ script: 'echo ${HOME} $PATH ok' });
  });

  it('rejects variable names Flux refuses', () => {
    const res = substituteObjects([deployment()], { 'bad-name': '1', replicas: '1' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors[0]?.code).toBe('SUBSTITUTE_VAR_NAME_INVALID');
  });

  it('reads substituted values with YAML 1.1 rules as Flux does (yes is a boolean), but keeps timestamps as strings', () => {
    const res = substituteObjects(
      [{ kind: 'ConfigMap', metadata: { name: 'c' }, spec: { on: '${flag}', day: '${day}', word: 'yes' } }],
      {
        flag: 'yes',
        day: '2024-01-02',
      },
    );
    expect(res.ok && res.value[0]?.spec).toEqual({ on: true, day: '2024-01-02', word: 'yes' });
  });

  it('reports a value that breaks the YAML as SUBSTITUTE_RESULT_INVALID for that object', () => {
    const res = substituteObjects([{ kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '${v}' } }], {
      v: '[unclosed',
    });
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.errors[0]).toMatchObject({ code: 'SUBSTITUTE_RESULT_INVALID', path: 'ConfigMap/c' });
  });

  it('collects one error per failing object and keeps going', () => {
    const res = substituteObjects(
      [
        { kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '${nope}' } },
        { kind: 'ConfigMap', metadata: { name: 'b' }, data: { x: '${bad' } },
      ],
      { v: '1' },
    );
    expect(res.ok ? [] : res.errors.map((e) => [e.code, e.path])).toEqual([
      ['SUBSTITUTE_VAR_UNDEFINED', 'ConfigMap/a'],
      ['SUBSTITUTE_SYNTAX', 'ConfigMap/b'],
    ]);
  });
});

describe('resolveSubstituteVars', () => {
  it('inline substitute overrides substituteFrom, and later sources override earlier ones (flux.md §2 precedence)', () => {
    const res = resolveSubstituteVars({
      substituteFrom: [
        { kind: 'ConfigMap', name: 'base', data: { region: 'eu', tier: 'gold', env: 'base' } },
        { kind: 'Secret', name: 'override', data: { tier: 'platinum', env: 'secret' } },
      ],
      substitute: { env: 'inline' },
    });
    expect(res.ok && res.value).toEqual({ region: 'eu', tier: 'platinum', env: 'inline' });
  });

  it('strips newlines from values as Flux does', () => {
    const res = resolveSubstituteVars({
      substitute: { a: 'x\ny\n' },
      substituteFrom: [{ kind: 'Secret', name: 's', data: { b: 'p\nq' } }],
    });
    expect(res.ok && res.value).toEqual({ a: 'xy', b: 'pq' });
  });

  it('a missing optional source is skipped; a missing required one is an error naming it', () => {
    const optional = resolveSubstituteVars({
      substituteFrom: [{ kind: 'ConfigMap', name: 'maybe', optional: true, data: undefined }],
    });
    expect(optional.ok && optional.value).toEqual({});
    const required = resolveSubstituteVars({
      substituteFrom: [{ kind: 'Secret', name: 'must', data: undefined }],
    });
    expect(required.ok).toBe(false);
    if (!required.ok)
      expect(required.errors[0]).toMatchObject({ code: 'SUBSTITUTE_SOURCE_NOT_FOUND', path: 'Secret/must' });
  });
});

describe('substituteObjects never throws', () => {
  it('a value that becomes an alias to an unknown anchor is SUBSTITUTE_RESULT_INVALID (Flux: unknown anchor)', () => {
    const res = substituteObjects([{ kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '${v}' } }], {
      v: '*alias',
    });
    expect(res.ok ? 'ok' : res.errors[0]?.code).toBe('SUBSTITUTE_RESULT_INVALID');
  });
  it('.inf and .nan cannot be held by JSON, so the build fails as in Flux', () => {
    for (const v of ['.inf', '.nan']) {
      const res = substituteObjects([{ kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '${v}' } }], {
        v,
      });
      expect(res.ok ? 'ok' : res.errors[0]?.message).toContain('unsupported value');
    }
  });
});

describe('substituteObjects keeps variable values out of errors', () => {
  it('a Secret-sourced value that breaks the YAML is not echoed in the error', () => {
    const res = substituteObjects([{ kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '${token}' } }], {
      token: '[s3cret-token-value',
    });
    expect(res.ok).toBe(false);
    expect(JSON.stringify(res)).not.toContain('s3cret-token-value');
  });
});
