import { describe, expect, it } from 'vitest';
import { selectChartVersion } from './chart-version.js';

describe('HelmChart version selection (Masterminds semver, as helm and source-controller)', () => {
  const versions = ['1.0.0', '1.1.0', '1.2.0-rc.1', '2.0.0', 'not-semver'];
  it('picks the highest version the range accepts; * takes the highest release', () => {
    expect(selectChartVersion('demo', '*', versions)).toEqual({ ok: true, version: '2.0.0' });
    expect(selectChartVersion('demo', '1.x', versions)).toEqual({ ok: true, version: '1.1.0' });
    expect(selectChartVersion('demo', '>=1.2.0-0 <2', versions)).toEqual({ ok: true, version: '1.2.0-rc.1' });
    expect(selectChartVersion('demo', '1.0.0', versions)).toEqual({ ok: true, version: '1.0.0' });
  });

  it("says which range matched nothing, in source-controller's words", () => {
    expect(selectChartVersion('demo', '>=9', versions)).toEqual({ ok: false, message: "invalid chart reference: failed to get chart version for remote reference: no 'demo' chart with version matching '>=9' found" });
    expect(selectChartVersion('demo', '>=>1', versions).ok).toBe(false);
  });
});
