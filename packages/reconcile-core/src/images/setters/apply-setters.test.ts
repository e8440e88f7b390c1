import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applySetters, type LatestImageRef } from './apply-setters.js';

const dir = new URL('../../../testdata/setters/', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, dir), 'utf8');
const digest = `sha256:${'1'.repeat(64)}`;
const policies: Record<string, LatestImageRef> = {
  'flux-system:podinfo': { name: 'ghcr.io/stefanprodan/podinfo', tag: '6.6.1', digest },
  'flux-system:busybox': { name: 'docker.io/library/busybox', tag: '1.37' },
  'flux-system:numeric': { name: 'example/numeric', tag: '1.10' },
};

describe('applySetters (flux.md §2 setter markers)', () => {
  for (const file of ['deployment.yaml', 'kustomization.yml']) {
    it(`${file}: rewrites only the marked values, byte for byte elsewhere`, () => {
      const original = read(`original/${file}`);
      const res = applySetters(original, policies, file);
      expect(res.ok).toBe(true);
      if (!res.ok) return;
      expect(res.value.text).toBe(read(`expected/${file}`));
      // every line without a marker is identical
      const before = original.split('\n');
      const after = res.value.text.split('\n');
      expect(after.length).toBe(before.length);
      before.forEach((line, i) => {
        if (!line.includes('$imagepolicy')) expect(after[i]).toBe(line);
      });
    });
  }

  it('reports each change with setter, line, old and new value, and the object', () => {
    const res = applySetters(read('original/deployment.yaml'), policies);
    expect(
      res.ok && res.value.changes.map((c) => [c.setter, c.line, c.oldValue, c.newValue, c.object]),
    ).toEqual([
      [
        'flux-system:podinfo',
        12,
        'ghcr.io/stefanprodan/podinfo:6.5.0',
        `ghcr.io/stefanprodan/podinfo:6.6.1@${digest}`,
        'Deployment/apps/podinfo',
      ],
      [
        'flux-system:busybox',
        14,
        'docker.io/library/busybox:1.36',
        'docker.io/library/busybox:1.37',
        'Deployment/apps/podinfo',
      ],
      ['flux-system:podinfo:tag', 31, '6.5.0', '6.6.1', 'HelmRelease/apps/podinfo'],
      ['flux-system:podinfo:digest', 32, `sha256:${'0'.repeat(64)}`, digest, 'HelmRelease/apps/podinfo'],
      ['flux-system:numeric:tag', 33, '1.9', '1.10', 'HelmRelease/apps/podinfo'],
    ]);
  });

  it('the whole-image marker omits @digest when the policy reflects none', () => {
    const res = applySetters('image: a:1 # {"$imagepolicy": "ns:p"}\n', { 'ns:p': { name: 'a', tag: '2' } });
    expect(res.ok && res.value.text).toBe('image: a:2 # {"$imagepolicy": "ns:p"}\n');
  });

  it('a :digest marker without a reflected digest is left alone with a warning', () => {
    const text = 'digest: sha256:abc # {"$imagepolicy": "ns:p:digest"}\n';
    const res = applySetters(text, { 'ns:p': { name: 'a', tag: '2' } });
    expect(res.ok && res.value.text).toBe(text);
    expect(res.warnings[0]?.code).toBe('SETTER_MARKER_INVALID');
  });

  it('returns the text unchanged when no policy matches, and nothing changed', () => {
    const text = read('original/kustomization.yml');
    expect(applySetters(text, {})).toMatchObject({ ok: true, value: { text, changes: [] } });
  });

  it('refuses YAML it cannot parse with SETTER_YAML_INVALID and changes nothing', () => {
    const res = applySetters('a: [unclosed # {"$imagepolicy": "ns:p"}\n', policies, 'bad.yaml');
    expect(res).toMatchObject({ ok: false, errors: [{ code: 'SETTER_YAML_INVALID', path: 'bad.yaml' }] });
  });

  it('keeps CRLF line endings', () => {
    const res = applySetters('a: 1\r\nimage: x:1 # {"$imagepolicy": "ns:p"}\r\nb: 2\r\n', {
      'ns:p': { name: 'x', tag: '2' },
    });
    expect(res.ok && res.value.text).toBe('a: 1\r\nimage: x:2 # {"$imagepolicy": "ns:p"}\r\nb: 2\r\n');
  });
});

describe('applySetters on a file with many YAML errors', () => {
  it('refuses it in linear time with SETTER_YAML_INVALID (no per-error source context)', () => {
    const timed = (n: number) => {
      const started = performance.now();
      const res = applySetters(`# {"$imagepolicy": "ns:p"}\na: "${'\\C'.repeat(n)}"\n`, {});
      expect(res.ok ? 'ok' : res.errors[0]?.code).toBe('SETTER_YAML_INVALID');
      return performance.now() - started;
    };
    timed(5_000); // warm-up: the first call compiles the parser's paths
    // Five times the errors: linear work takes about five times as long, quadratic twenty-five. A ratio of two
    // runs side by side holds on a busy machine where an absolute budget does not.
    const small = Math.max(timed(20_000), 1);
    const large = timed(100_000);
    expect(large / small).toBeLessThan(12);
  });
});
