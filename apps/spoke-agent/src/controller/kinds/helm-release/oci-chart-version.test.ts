import { describe, expect, it } from 'vitest';
import { ociChartVersion } from './oci-chart-version.js';

const hex = 'abcdef0123456789'.repeat(4);

describe('ociChartVersion (helm-controller: an OCIRepository chart is released as <version>+<12 hex of the digest>)', () => {
  it('adds the digest to the version of a tag@digest revision', () => {
    expect(ociChartVersion('1.2.3', `1.2.3@sha256:${hex}`)).toEqual({ ok: true, version: '1.2.3+abcdef012345' });
  });

  it('replaces the chart build metadata, and reads `_` in a tag as helm writes `+`', () => {
    expect(ociChartVersion('1.2.3+build.1', `1.2.3_build.1@sha256:${hex}`)).toEqual({ ok: true, version: '1.2.3+abcdef012345' });
    expect(ociChartVersion('2.0.0-rc.1', `2.0.0-rc.1@sha256:${hex}`)).toEqual({ ok: true, version: '2.0.0-rc.1+abcdef012345' });
  });

  it('takes a bare digest revision (ref.digest) as it is', () => {
    expect(ociChartVersion('0.4.0', `sha256:${hex}`)).toEqual({ ok: true, version: '0.4.0+abcdef012345' });
  });

  it('refuses a tag that is not the chart version, and a tag that is not semver', () => {
    expect(ociChartVersion('1.0.0', `1.0.1@sha256:${hex}`)).toEqual({ ok: false, message: 'artifact revision 1.0.1 does not match chart version 1.0.0' });
    expect(ociChartVersion('1.0.0', `latest@sha256:${hex}`)).toEqual({ ok: false, message: 'failed parsing artifact revision latest' });
    expect(ociChartVersion('1.0.0', 'latest@md5:abc')).toEqual({ ok: false, message: 'failed to extract digest from artifact revision latest@md5:abc' });
  });
});
