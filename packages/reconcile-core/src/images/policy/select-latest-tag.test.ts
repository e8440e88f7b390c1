import { describe, expect, it } from 'vitest';
import { selectLatestTag } from './select-latest-tag.js';

const tags = [
  '1.0.0',
  'v1.2.0',
  '1.10.0',
  '1.9.3',
  '2.0.0-rc.1',
  'latest',
  '1.2',
  'main-abc1234-1700000000',
  'main-def5678-1700000500',
];

describe('selectLatestTag', () => {
  it('semver picks the highest tag in the range and returns the tag as listed (flux.md §2 images)', () => {
    expect(selectLatestTag(tags, { policy: { semver: { range: '>=1.0.0 <2.0.0' } } })).toMatchObject({
      ok: true,
      value: { tag: '1.10.0' },
    });
    expect(selectLatestTag(tags, { policy: { semver: { range: '~1.2' } } })).toMatchObject({
      ok: true,
      value: { tag: 'v1.2.0' },
    });
  });

  it('semver excludes prereleases unless the range names one (Masterminds)', () => {
    expect(selectLatestTag(tags, { policy: { semver: { range: '>=1.0.0' } } })).toMatchObject({
      value: { tag: '1.10.0' },
    });
    expect(selectLatestTag(tags, { policy: { semver: { range: '>=1.0.0-0' } } })).toMatchObject({
      value: { tag: '2.0.0-rc.1' },
    });
  });

  it('semver with no tag in range is IMAGE_POLICY_NO_CANDIDATE; a bad range is SEMVER_RANGE_INVALID', () => {
    expect(selectLatestTag(tags, { policy: { semver: { range: '>=5' } } })).toMatchObject({
      ok: false,
      errors: [{ code: 'IMAGE_POLICY_NO_CANDIDATE' }],
    });
    expect(selectLatestTag(tags, { policy: { semver: { range: 'nope' } } })).toMatchObject({
      ok: false,
      errors: [{ code: 'SEMVER_RANGE_INVALID' }],
    });
  });

  it('alphabetical asc (default) takes the last tag in byte order; desc takes the first (flux.md §2)', () => {
    const list = ['RELEASE.2023-01-31', 'RELEASE.2024-06-01', 'RELEASE.2022-12-24'];
    expect(selectLatestTag(list, { policy: { alphabetical: {} } })).toMatchObject({
      value: { tag: 'RELEASE.2024-06-01' },
    });
    expect(selectLatestTag(list, { policy: { alphabetical: { order: 'desc' } } })).toMatchObject({
      value: { tag: 'RELEASE.2022-12-24' },
    });
    // byte order, not locale order: uppercase sorts before lowercase
    expect(selectLatestTag(['b', 'B', 'a'], { policy: { alphabetical: { order: 'asc' } } })).toMatchObject({
      value: { tag: 'b' },
    });
  });

  it('numerical compares numbers, not strings, and fails on a non-numeric tag (flux.md §2: use filterTags)', () => {
    expect(selectLatestTag(['9', '10', '2'], { policy: { numerical: {} } })).toMatchObject({
      value: { tag: '10' },
    });
    expect(selectLatestTag(['9', '10', '2.5'], { policy: { numerical: { order: 'DESC' } } })).toMatchObject({
      value: { tag: '2.5' },
    });
    expect(selectLatestTag(['1', 'latest'], { policy: { numerical: {} } })).toMatchObject({
      ok: false,
      errors: [{ code: 'IMAGE_TAG_NOT_NUMERIC' }],
    });
  });

  it('filterTags.pattern with extract sorts on the named group and returns the original tag (flux.md §2)', () => {
    const res = selectLatestTag(tags, {
      filterTags: { pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)', extract: '$ts' },
      policy: { numerical: { order: 'asc' } },
    });
    expect(res).toMatchObject({
      ok: true,
      value: { tag: 'main-def5678-1700000500', compared: '1700000500' },
    });
  });

  it('filterTags supports ${name}, numbered groups and POSIX classes from Go regexps', () => {
    const res = selectLatestTag(['rc-1.2.3', 'rc-1.10.0', 'other'], {
      filterTags: { pattern: '^rc-([[:digit:]]+\\.[[:digit:]]+\\.[[:digit:]]+)$', extract: '${1}' },
      policy: { semver: { range: '>=1.0.0' } },
    });
    expect(res).toMatchObject({ value: { tag: 'rc-1.10.0', compared: '1.10.0' } });
  });

  it('filterTags that leaves nothing, an invalid pattern, or a bad order are errors with codes', () => {
    expect(
      selectLatestTag(tags, { filterTags: { pattern: '^nomatch$' }, policy: { alphabetical: {} } }),
    ).toMatchObject({ errors: [{ code: 'IMAGE_POLICY_NO_CANDIDATE' }] });
    expect(
      selectLatestTag(tags, { filterTags: { pattern: '(' }, policy: { alphabetical: {} } }),
    ).toMatchObject({ errors: [{ code: 'IMAGE_POLICY_INVALID' }] });
    expect(selectLatestTag(tags, { policy: { alphabetical: { order: 'sideways' } } })).toMatchObject({
      errors: [{ code: 'IMAGE_POLICY_INVALID' }],
    });
  });
});
