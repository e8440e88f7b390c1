import { describe, expect, it } from 'vitest';
import { checkSymlink } from './check-symlink.js';

describe(checkSymlink.name, () => {
  it('follows other links: a lexically harmless target that escapes through a link is refused', () => {
    const links = new Map([
      ['sub/deep/root', '../..'],
      ['w', 'sub/deep/root/..'],
    ]);
    expect(checkSymlink('sub/deep/root', '../..', links)).toEqual({ ok: true });
    expect(checkSymlink('w', 'sub/deep/root/..', links)).toEqual({ ok: false, reason: 'escapes' });
    const loop = new Map([
      ['a', 'b'],
      ['b', 'a'],
    ]);
    expect(checkSymlink('a', 'b', loop)).toEqual({ ok: false, reason: 'loop' });
  });

  it('refuses absolute targets and plain escapes; allows targets inside', () => {
    const none = new Map<string, string>();
    expect(checkSymlink('a/link', '/etc/passwd', none)).toEqual({ ok: false, reason: 'absolute' });
    expect(checkSymlink('a/link', 'C:\\Windows', none)).toEqual({ ok: false, reason: 'absolute' });
    expect(checkSymlink('a/link', '../../x', none)).toEqual({ ok: false, reason: 'escapes' });
    expect(checkSymlink('a/link', '../b/c.yaml', none)).toEqual({ ok: true });
  });
});
