import { describe, expect, it } from 'vitest';
import { parseMessage } from '../parse-message.js';
import { MAX_READ_OBJECT_CHARS } from './object-read.js';

const read = {
  requestId: 'req-12345678',
  owner: { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
  target: { group: '', kind: 'ConfigMap', namespace: 'apps', name: 'settings' },
};

describe('object.read (protocol v5)', () => {
  it('is a v5 message: a connection negotiated at v4 may not carry it', () => {
    expect(parseMessage('object.read', read, { from: 'hubToAgent', version: 5 }).ok).toBe(true);
    expect(parseMessage('object.read', read, { from: 'hubToAgent', version: 4 })).toMatchObject({ ok: false, error: { code: 'MESSAGE_TYPE_UNSUPPORTED' } });
    expect(parseMessage('object.read.result', { requestId: 'req-12345678', ok: false, code: 'FORBIDDEN', message: 'no' }, { from: 'agentToHub', version: 4 }).ok).toBe(false);
  });

  it('asks only about a Kustomization’s inventory or (v8) a HelmRelease’s current release, with a bounded request id', () => {
    expect(parseMessage('object.read', { ...read, owner: { ...read.owner, kind: 'HelmRelease' } }, { from: 'hubToAgent' }).ok).toBe(true);
    expect(parseMessage('object.read', { ...read, owner: { ...read.owner, kind: 'GitRepository' } }, { from: 'hubToAgent' }).ok).toBe(false);
    expect(parseMessage('object.read', { ...read, requestId: 'short' }, { from: 'hubToAgent' }).ok).toBe(false);
    expect(parseMessage('object.read', { ...read, requestId: 'x'.repeat(65) }, { from: 'hubToAgent' }).ok).toBe(false);
  });

  it('answers with objects (or null) or with a closed set of error codes, and refuses an over-large object', () => {
    const ok = (live: unknown) => parseMessage('object.read.result', { requestId: 'req-12345678', ok: true, live, desired: null }, { from: 'agentToHub' });
    expect(ok({ kind: 'ConfigMap' }).ok).toBe(true);
    expect(ok(null).ok).toBe(true);
    expect(ok('a string').ok).toBe(false);
    expect(ok({ data: 'x'.repeat(MAX_READ_OBJECT_CHARS) }).ok).toBe(false);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i += 1) deep = { a: deep };
    expect(ok(deep).ok).toBe(false);
    const failed = (code: string) => parseMessage('object.read.result', { requestId: 'req-12345678', ok: false, code, message: 'why' }, { from: 'agentToHub' });
    expect(failed('FORBIDDEN').ok).toBe(true);
    expect(failed('SOMETHING_ELSE').ok).toBe(false);
  });
});
