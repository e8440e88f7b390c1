import { describe, expect, it } from 'vitest';
import { imagePolicySpec, type ImagePolicySpecInput } from '@flotilla/protocol/flux';
import { evaluateImagePolicy, type StoredImagePolicyStatus } from './image-policy.evaluate.js';

const image = 'ghcr.io/org/app';
const run = (spec: Omit<ImagePolicySpecInput, 'imageRepositoryRef'>, tags: string[] | null, previous: StoredImagePolicyStatus = {}, digest = 'sha256:' + 'a'.repeat(64)) =>
  evaluateImagePolicy({
    spec: imagePolicySpec.parse({ imageRepositoryRef: { name: 'app' }, ...spec }),
    repositoryRef: 'flux-system/app',
    repository: { found: true, image, ready: true, readyMessage: 'ok', tags },
    previous,
    generation: 2,
    now: new Date('2026-12-03T10:00:00Z'),
    resolveDigest: () => Promise.resolve(digest),
  });

describe('evaluateImagePolicy', () => {
  it.each([
    ['semver: highest tag in the Masterminds range', { policy: { semver: { range: '~1.0' } } }, ['1.0.0', '1.0.2', '1.1.0', '2.0.0'], '1.0.2'],
    ['semver: pre-releases only when the range includes them', { policy: { semver: { range: '>=1.0.0' } } }, ['1.0.0', '1.1.0-rc.1'], '1.0.0'],
    ['alphabetical asc (default) takes the last tag in ascending order', { policy: { alphabetical: {} } }, ['a', 'c', 'b'], 'c'],
    ['alphabetical desc takes the first', { policy: { alphabetical: { order: 'desc' } } }, ['b', 'a', 'c'], 'a'],
    ['numerical asc takes the largest number', { policy: { numerical: {} } }, ['9', '10', '2'], '10'],
    ['filterTags runs first and extract names the compared value', { policy: { numerical: {} }, filterTags: { pattern: '^build-(?P<n>\\d+)$', extract: '$n' } }, ['build-9', 'build-11', 'latest'], 'build-11'],
  ])('%s (flux.md, image policies)', async (_, spec, tags, tag) => {
    const r = await run(spec as Omit<ImagePolicySpecInput, 'imageRepositoryRef'>, tags);
    expect(r.status.latestRef).toEqual({ name: image, tag });
    expect(r.status.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'True', reason: 'Succeeded', observedGeneration: 2 });
  });

  it('numerical fails on a non-number tag, so filterTags is needed (Flux: Failure)', async () => {
    const r = await run({ policy: { numerical: {} } }, ['1', 'latest']);
    expect(r.reason).toBe('Failure');
    expect(r.status.conditions?.[0]?.message).toContain("failed to parse invalid numeric value 'latest'");
  });

  it('a moved latestRef keeps the old one as observedPreviousRef; an unchanged one is not a change', async () => {
    const previous = { latestRef: { name: image, tag: '1.0.0' } };
    const moved = await run({ policy: { semver: { range: '1.x' } } }, ['1.0.0', '1.0.1'], previous);
    expect(moved).toMatchObject({ changed: true, status: { latestRef: { tag: '1.0.1' }, observedPreviousRef: { tag: '1.0.0' } } });
    const same = await run({ policy: { semver: { range: '1.x' } } }, ['1.0.1'], moved.status);
    expect(same.changed).toBe(false);
    expect(same.status.observedPreviousRef).toEqual({ name: image, tag: '1.0.0' });
  });

  it('digest reflection: IfNotPresent resolves once per tag, Always every time, Never not at all', async () => {
    const d1 = 'sha256:' + '1'.repeat(64);
    const d2 = 'sha256:' + '2'.repeat(64);
    const first = await run({ policy: { semver: { range: '*' } }, digestReflectionPolicy: 'IfNotPresent' }, ['1.0.0'], {}, d1);
    expect(first.status.latestRef?.digest).toBe(d1);
    const kept = await run({ policy: { semver: { range: '*' } }, digestReflectionPolicy: 'IfNotPresent' }, ['1.0.0'], first.status, d2);
    expect(kept.status.latestRef?.digest).toBe(d1);
    const always = await run({ policy: { semver: { range: '*' } }, digestReflectionPolicy: 'Always', interval: '1m' }, ['1.0.0'], first.status, d2);
    expect(always).toMatchObject({ changed: true, status: { latestRef: { digest: d2 } } });
    const never = await run({ policy: { semver: { range: '*' } } }, ['1.0.0']);
    expect(never.status.latestRef).toEqual({ name: image, tag: '1.0.0' });
  });

  it('an unscanned repository is DependencyNotReady and keeps the last latestRef', async () => {
    const r = await run({ policy: { semver: { range: '*' } } }, null, { latestRef: { name: image, tag: '0.9.0' } });
    expect(r).toMatchObject({ reason: 'DependencyNotReady', status: { latestRef: { tag: '0.9.0' } } });
  });
});
