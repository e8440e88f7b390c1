import { describe, expect, it } from 'vitest';
import { cliErrorOf as failure } from '../testing/cli-error.js';
import { DIFF_PART_LIMITS, diffParts, mergeDiffAnswers, type DiffAnswer } from './diff-parts.js';

const cm = (name: string, value: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { a: value } });
const bytes = (objects: unknown[]) => Buffer.byteLength(JSON.stringify({ objects }));

describe('diff parts', () => {
  it('a build within one request is one part; the default bounds are 1 MiB a request and 64 MiB a build', () => {
    const objects = [cm('a', '1'), cm('b', '2')];
    expect(diffParts(objects)).toEqual([objects]);
    expect(diffParts([])).toEqual([[]]);
    expect(DIFF_PART_LIMITS).toMatchObject({ partBytes: 1_048_576, partObjects: 2000, buildBytes: 67_108_864 });
  });

  it('cuts in order so that no request body exceeds the part bound, counting UTF-8 bytes', () => {
    const objects = Array.from({ length: 10 }, (_, i) => cm(`o${i}`, 'é'.repeat(300)));
    const limits = { partBytes: 2000, partObjects: 100, buildBytes: 1_000_000 };
    const parts = diffParts(objects, limits);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flat()).toEqual(objects);
    for (const part of parts) expect(bytes(part)).toBeLessThanOrEqual(2000);
    // Each part is as full as it can be: the next object would not have fitted.
    for (let i = 0; i < parts.length - 1; i++) expect(bytes([...parts[i]!, parts[i + 1]![0]])).toBeGreaterThan(2000);
  });

  it('cuts at the object count too', () => {
    const parts = diffParts([cm('a', '1'), cm('b', '1'), cm('c', '1')], { partBytes: 1_000_000, partObjects: 2, buildBytes: 1_000_000 });
    expect(parts.map((p) => p.length)).toEqual([2, 1]);
  });

  it('a build over the build bound fails with exit 8 naming both sizes, before any part is made', () => {
    const objects = [cm('a', 'x'.repeat(600_000)), cm('b', 'x'.repeat(600_000))];
    const err = failure(() => diffParts(objects, { ...DIFF_PART_LIMITS, buildBytes: 1024 * 1024 }));
    expect(err.exitCode).toBe(8);
    expect(err.message).toMatch(/^the build is \d+ bytes as JSON, more than the 1 MiB a diff sends; nothing was sent$/);
  });

  it('one object larger than a request fails with exit 8 naming it', () => {
    const err = failure(() => diffParts([cm('small', '1'), cm('huge', 'x'.repeat(1024 * 1024))]));
    expect(err.exitCode).toBe(8);
    expect(err.message).toMatch(/^ConfigMap\/default\/huge is \d+ bytes as JSON, more than one request to the hub carries \(1 MiB\); nothing was sent$/);
  });
});

describe('merging the answers of parts', () => {
  const answer = (entries: DiffAnswer['entries'], errors: DiffAnswer['errors'] = []): DiffAnswer => ({ entries, errors });

  it('keeps each part in order, then the deletions every part reports (what no part builds)', () => {
    const merged = mergeDiffAnswers([
      answer([
        { subject: 'ConfigMap/default/a', action: 'created' },
        { subject: 'ConfigMap/default/b', action: 'deleted' },
        { subject: 'ConfigMap/default/old', action: 'deleted' },
      ]),
      answer([
        { subject: 'ConfigMap/default/b', action: 'unchanged' },
        { subject: 'ConfigMap/default/a', action: 'deleted' },
        { subject: 'ConfigMap/default/old', action: 'deleted' },
      ]),
    ]);
    expect(merged).toEqual({
      entries: [
        { subject: 'ConfigMap/default/a', action: 'created' },
        { subject: 'ConfigMap/default/b', action: 'unchanged' },
        { subject: 'ConfigMap/default/old', action: 'deleted' },
      ],
      errors: [],
    });
  });

  it('no deletions when a part failed a dry-run (its agent reports none), and every error is kept', () => {
    const merged = mergeDiffAnswers([
      answer([{ subject: 'ConfigMap/default/old', action: 'deleted' }]),
      answer([{ subject: 'ConfigMap/default/bad', action: 'created' }], [{ subject: 'ConfigMap/default/worse', message: 'refused' }]),
    ]);
    expect(merged.entries).toEqual([{ subject: 'ConfigMap/default/bad', action: 'created' }]);
    expect(merged.errors).toEqual([{ subject: 'ConfigMap/default/worse', message: 'refused' }]);
  });

  it('one answer is returned as it is', () => {
    const one = answer([{ subject: 'ConfigMap/default/old', action: 'deleted' }]);
    expect(mergeDiffAnswers([one])).toBe(one);
  });
});
