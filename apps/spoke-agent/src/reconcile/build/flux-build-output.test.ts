import { describe, expect, it } from 'vitest';
import { fluxObjectsYaml, maskSopsData, SOPS_MASK } from './flux-build-output.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const sops = { mac: 'ENC[AES256_GCM,data:abc,type:str]', age: [{ enc: 'x' }] };

describe('flux build output (flux2 internal/build maskSopsData)', () => {
  it('a Secret encrypted as a whole: every data and stringData value masked, the sops block dropped', () => {
    const out = maskSopsData({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'RU5DW3g=' }, stringData: { b: 'ENC[...]' }, sops });
    expect(out).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: b64(SOPS_MASK) }, stringData: { b: SOPS_MASK } });
  });

  it('a dockerconfigjson Secret keeps a JSON value: {"mask":"**SOPS**"}', () => {
    const out = maskSopsData({ kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'eA==' }, stringData: { x: 'y' }, sops });
    expect(out.data).toEqual({ '.dockerconfigjson': b64('{"mask":"**SOPS**"}') });
    expect(out.stringData).toEqual({ x: '{"mask":"**SOPS**"}' });
  });

  it('without a whole-object sops block only values that carry SOPS ciphertext are masked (stringData with the base64 mask, as flux does)', () => {
    const out = maskSopsData({ kind: 'Secret', data: { enc: b64('sops ENC[AES256_GCM,...]'), plain: b64('hello') }, stringData: { enc: 'sops: ENC[x]', plain: 'world' } });
    expect(out.data).toEqual({ enc: b64(SOPS_MASK), plain: b64('hello') });
    expect(out.stringData).toEqual({ enc: b64(SOPS_MASK), plain: 'world' });
  });

  it('another kind loses a top-level sops block and is otherwise untouched', () => {
    expect(maskSopsData({ kind: 'ConfigMap', data: { a: 'ENC[x]' }, sops })).toEqual({ kind: 'ConfigMap', data: { a: 'ENC[x]' } });
    const plain = { kind: 'ConfigMap', data: { a: 'b' } };
    expect(maskSopsData(plain)).toBe(plain);
  });

  it('prints each object followed by --- (ssa ObjectsToYAML), keys sorted and YAML 1.1 booleans quoted as sigs.k8s.io/yaml does', () => {
    expect(fluxObjectsYaml([{ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a' } }, { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'n' } }])).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: "n"\n---\n',
    );
  });

  it('a Secret data value that is not base64 is kept as it is, not masked and not thrown on', () => {
    const out = maskSopsData({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { odd: 'not base64!', enc: b64('sops ENC[x]') } });
    expect(out.data).toEqual({ odd: 'not base64!', enc: b64(SOPS_MASK) });
  });
});
