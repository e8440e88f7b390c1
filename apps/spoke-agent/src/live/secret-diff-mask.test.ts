import { describe, expect, it } from 'vitest';
import { holdsSopsMask, maskSecretPair, sameKeys } from './secret-diff-mask.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (data: Record<string, string>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', ...extra }, data });

describe('Secrets in a diff (ssa SanitizeUnstructuredData, flux diffSopsSecret)', () => {
  it('masks every value; a changed one as *** (before) / *** (after), an unchanged one as ***', () => {
    const { live, merged } = maskSecretPair(secret({ a: b64('old'), b: b64('same') }), secret({ a: b64('new'), b: b64('same'), c: b64('added') }));
    expect(live.data).toEqual({ a: '*** (before)', b: '***' });
    expect(merged.data).toEqual({ a: '*** (after)', b: '***', c: '***' });
    expect(JSON.stringify([live, merged])).not.toMatch(/b2xk|bmV3|c2FtZQ|YWRkZWQ/);
  });

  it("drops kubectl's last-applied record and stringData, which repeat the values", () => {
    const annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"a":"b2xk"}}', keep: 'me' };
    const { live } = maskSecretPair({ ...secret({ a: b64('old') }, { annotations }), stringData: { a: 'old' } }, secret({ a: b64('new') }));
    expect(live).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { keep: 'me' } }, data: { a: '*** (before)' } });
  });

  it('a built Secret with SOPS-masked values is compared by its keys only', () => {
    expect(holdsSopsMask(secret({ a: b64('**SOPS**') }))).toBe(true);
    expect(holdsSopsMask({ ...secret({}), stringData: { a: '**SOPS**' } })).toBe(true);
    expect(holdsSopsMask(secret({ a: b64('plain') }))).toBe(false);
    expect(sameKeys(secret({ a: '1', b: '2' }), secret({ b: '3', a: '4' }))).toBe(true);
    expect(sameKeys(secret({ a: '1' }), secret({ a: '1', b: '2' }))).toBe(false);
  });
});
