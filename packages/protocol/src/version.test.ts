import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, negotiateProtocolVersion } from './version.js';
import { helloProtocolVersions } from './messages/hello.js';

describe('negotiateProtocolVersion', () => {
  it('picks the highest version both sides speak', () => {
    expect(negotiateProtocolVersion([1, 2, 3], [1, 2])).toEqual({ ok: true, version: 2 });
    expect(negotiateProtocolVersion([1], [3, 2, 1])).toEqual({ ok: true, version: 1 });
  });

  it('this build speaks v8 and still v7, v6, v5, v4, v3, v2 and v1, so older agents keep connecting', () => {
    expect(PROTOCOL_VERSION).toBe(8);
    expect(negotiateProtocolVersion([8, 7, 6, 5, 4, 3, 2, 1])).toEqual({ ok: true, version: 8 });
    expect(negotiateProtocolVersion([7, 6, 5, 4, 3, 2, 1])).toEqual({ ok: true, version: 7 });
    expect(negotiateProtocolVersion([6, 5, 4, 3, 2, 1])).toEqual({ ok: true, version: 6 });
    expect(negotiateProtocolVersion([5, 4, 3, 2, 1])).toEqual({ ok: true, version: 5 });
    expect(negotiateProtocolVersion([1])).toEqual({ ok: true, version: 1 });
    expect(negotiateProtocolVersion([2, 1])).toEqual({ ok: true, version: 2 });
    expect(negotiateProtocolVersion([3, 2, 1])).toEqual({ ok: true, version: 3 });
    expect(negotiateProtocolVersion([4, 3, 2, 1])).toEqual({ ok: true, version: 4 });
  });

  it('defaults the hub side to this build', () => {
    expect(SUPPORTED_PROTOCOL_VERSIONS).toContain(PROTOCOL_VERSION);
    expect(negotiateProtocolVersion([PROTOCOL_VERSION])).toEqual({ ok: true, version: PROTOCOL_VERSION });
  });

  it('fails with PROTOCOL_VERSION_UNSUPPORTED and names both sides when nothing is shared', () => {
    const result = negotiateProtocolVersion([3, 2], [1]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('PROTOCOL_VERSION_UNSUPPORTED');
    expect(result.error.message).toContain('agent speaks 2, 3');
    expect(result.error.message).toContain('hub speaks 1');
  });

  it('ignores nonsense versions instead of choosing them', () => {
    expect(negotiateProtocolVersion([0, -1, 1.5, Number.NaN], [0, 1]).ok).toBe(false);
    expect(negotiateProtocolVersion([], [1]).ok).toBe(false);
  });

  it('reads a v1 hello without supportedProtocolVersions as exactly its protocolVersion', () => {
    expect(helloProtocolVersions({ protocolVersion: 1 })).toEqual([1]);
    expect(helloProtocolVersions({ protocolVersion: 2, supportedProtocolVersions: [2, 1] })).toEqual([2, 1]);
  });
});
