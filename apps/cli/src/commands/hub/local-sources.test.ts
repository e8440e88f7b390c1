import { describe, expect, it } from 'vitest';
import { cliErrorOf } from '../../testing/cli-error.js';
import { collect, parseLocalSources } from './local-sources.js';

const failure = (values: string[]) => cliErrorOf(() => parseLocalSources(values));

describe('--local-sources', () => {
  it('comma-separated Kind/namespace/name=path pairs, the flag repeatable, a later key replacing an earlier one (as flux)', () => {
    const values = ['GitRepository/flux-system/fleet=./fleet,OCIRepository/apps/podinfo=/tmp/podinfo', 'GitRepository/flux-system/fleet=../other'];
    expect([...parseLocalSources(values)]).toEqual([
      ['GitRepository/flux-system/fleet', '../other'],
      ['OCIRepository/apps/podinfo', '/tmp/podinfo'],
    ]);
    expect(parseLocalSources([])).toEqual(new Map());
    expect(collect('b', collect('a'))).toEqual(['a', 'b']);
  });

  it('a path may hold "=", split at the first one', () => {
    expect(parseLocalSources(['GitRepository/ns/a=./x=y']).get('GitRepository/ns/a')).toBe('./x=y');
  });

  it.each([
    ['GitRepository/flux-system/fleet', "--local-sources: 'GitRepository/flux-system/fleet' must be formatted as Kind/namespace/name=path"],
    ['GitRepository/flux-system/fleet=', "--local-sources: 'GitRepository/flux-system/fleet=' must be formatted as Kind/namespace/name=path"],
    ['GitRepository/fleet=./fleet', "--local-sources: 'GitRepository/fleet' must name a source as Kind/namespace/name (e.g. GitRepository/flux-system/fleet)"],
    ['GitRepository//fleet=./fleet', "--local-sources: 'GitRepository//fleet' must name a source as Kind/namespace/name (e.g. GitRepository/flux-system/fleet)"],
  ])('%s → exit 2 naming the flag and the entry', (value, message) => {
    const err = failure([value]);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(message);
  });
});
