import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestOf, fileHeader, makeTarball, paxRecord, tarStreamOf } from '../testing/make-tarball.js';
import { defaultArtifactLimits, openArtifact, type ArtifactLimits } from '@flotilla/git-source';

const revision = 'main@sha1:3333333333333333333333333333333333333333';

describe('openArtifact', () => {
  it('reads the files of a tarball whose digest matches', () => {
    const { bytes, digest } = makeTarball({ 'deploy/app.yaml': 'kind: ConfigMap\n', './README.md': '# hi\n' });
    const opened = openArtifact({ kind: 'tarball', revision, digest, bytes });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect([...opened.files.keys()].sort()).toEqual(['README.md', 'deploy/app.yaml']);
    expect(new TextDecoder().decode(opened.files.get('deploy/app.yaml'))).toBe('kind: ConfigMap\n');
  });

  it('refuses a tarball whose digest does not match, naming both digests', () => {
    const { bytes } = makeTarball({ 'a.yaml': 'x: 1\n' });
    const opened = openArtifact({ kind: 'tarball', revision, digest: `sha256:${'a'.repeat(64)}`, bytes });
    expect(opened).toEqual({ ok: false, message: expect.stringMatching(/^artifact digest mismatch for revision main@sha1:3{40}: expected sha256:a{64}, got sha256:[0-9a-f]{64}$/) });
  });

  it('refuses paths that leave the artifact root', () => {
    const { bytes, digest } = makeTarball({ '../escape.yaml': 'x: 1\n' });
    expect(openArtifact({ kind: 'tarball', revision, digest, bytes })).toEqual({ ok: false, message: expect.stringContaining('leaves the artifact root') });
  });

  it('refuses bytes that are not a tar.gz', () => {
    const bytes = new Uint8Array(gzipSync(Buffer.from('not a tarball at all, just text that is long enough'.repeat(20))));
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    expect(openArtifact({ kind: 'tarball', revision, digest, bytes }).ok).toBe(false);
  });

  describe('untrusted tarballs: each refusal says why, and nothing of the tarball is returned', () => {
    const open = (bytes: Uint8Array, limits?: ArtifactLimits) => openArtifact({ kind: 'tarball', revision, digest: digestOf(bytes), bytes }, limits);
    const refusedWith = (text: string) => ({ ok: false, message: expect.stringMatching(new RegExp(`^artifact for revision main@sha1:3{40} refused: .*${text}`)) });

    it('a gzip bomb at the default limits: 300 MiB of zeros in ~300 KB stops at the ratio limit', () => {
      // Concatenated gzip members decompress as one stream: a header announcing 300 MiB, then 1 MiB of
      // zeros 300 times, each member ~1 KB.
      const zeros = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
      const bytes = new Uint8Array(Buffer.concat([gzipSync(fileHeader('big.yaml', 300 * 1024 * 1024)), ...Array.from({ length: 300 }, () => zeros)]));
      expect(bytes.length).toBeLessThan(400 * 1024);
      const started = performance.now();
      const r = open(bytes);
      expect(r).toEqual(refusedWith(`it expands more than 200 times \\(${bytes.length} compressed bytes\\); refusing a possible decompression bomb`));
      expect(performance.now() - started).toBeLessThan(5_000);
    });

    it('more unpacked bytes than allowed, at a harmless ratio (random data)', () => {
      const { bytes } = makeTarball({ 'a.bin': new Uint8Array(randomBytes(96 * 1024)), 'b.bin': new Uint8Array(randomBytes(96 * 1024)) });
      expect(open(bytes, { ...defaultArtifactLimits, maxUnpackedBytes: 128 * 1024 })).toEqual(refusedWith('it unpacks to more than 131072 bytes'));
      expect(open(bytes, { ...defaultArtifactLimits, maxUnpackedBytes: 256 * 1024 }).ok).toBe(true);
    });

    it('a small artifact is never refused for its ratio, however well it compresses', () => {
      const { bytes } = makeTarball({ 'zeros.yaml': new Uint8Array(4 * 1024 * 1024) });
      expect(open(bytes).ok).toBe(true);
    });

    it('more entries than allowed (directories count too)', () => {
      const many: Record<string, string | { type: 'dir' }> = { 'd/': { type: 'dir' } };
      for (let i = 0; i < 20; i++) many[`d/f-${i}.yaml`] = 'x: 1\n';
      const { bytes } = makeTarball(many);
      expect(open(bytes, { ...defaultArtifactLimits, maxEntries: 20 })).toEqual(refusedWith('the artifact holds more than 20 entries'));
      expect(open(bytes, { ...defaultArtifactLimits, maxEntries: 21 }).ok).toBe(true);
    });

    it.each([
      ['an absolute path', { '/etc/cron.d/evil': 'x' }, 'path "/etc/cron.d/evil" leaves the artifact root'],
      ['a .. path', { 'ok.yaml': 'x', 'a/../../evil.yaml': 'x' }, 'path "a/../../evil.yaml" leaves the artifact root'],
      ['a .. directory', { '../up/': { type: 'dir' as const } }, 'path "../up/" leaves the artifact root'],
      ['a symlink to an absolute path', { 'passwd': { type: 'symlink' as const, target: '/etc/passwd' } }, 'symlink "passwd" points to an absolute path \\("/etc/passwd"\\)'],
      ['a symlink out of the tree', { 'a/up': { type: 'symlink' as const, target: '../../..' } }, 'symlink "a/up" points outside the artifact \\("../../.."\\)'],
      ['a symlink escaping through another symlink', { 'sub/root': { type: 'symlink' as const, target: '..' }, 'w': { type: 'symlink' as const, target: 'sub/root/..' } }, 'symlink "w" points outside the artifact'],
      ['a hard link', { 'a.yaml': 'x', 'b.yaml': { type: 'hardlink' as const, target: 'a.yaml' } }, '"b.yaml" is a hard link; artifacts hold regular files, directories and symlinks only'],
      ['a device', { 'dev': { type: 'chardev' as const } }, '"dev" is a character device'],
      ['a backslash path', { 'a\\..\\evil': 'x' }, 'contains a backslash'],
    ])('%s', (_what, entries, message) => {
      const r = open(makeTarball(entries).bytes);
      expect(r).toEqual(refusedWith(message));
    });

    it('symlinks inside the tree are dropped, as Flux drops them when it extracts an artifact', () => {
      const r = open(makeTarball({ 'base/cm.yaml': 'kind: ConfigMap\n', 'overlay/cm.yaml': { type: 'symlink', target: '../base/cm.yaml' } }).bytes);
      expect(r.ok && [...r.files.keys()]).toEqual(['base/cm.yaml']);
    });

    it('what GNU tar writes: a tree with an inside symlink opens; the same tree with an escaping one is refused', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'agent-tar-'));
      try {
        mkdirSync(path.join(dir, 'src/app'), { recursive: true });
        writeFileSync(path.join(dir, 'src/app/kustomization.yaml'), 'resources: []\n');
        symlinkSync('app/kustomization.yaml', path.join(dir, 'src/link.yaml'));
        execFileSync('tar', ['czf', path.join(dir, 'good.tgz'), '-C', path.join(dir, 'src'), '.']);
        const good = open(new Uint8Array(readFileSync(path.join(dir, 'good.tgz'))));
        expect(good.ok && [...good.files.keys()]).toEqual(['app/kustomization.yaml']);
        symlinkSync('../../../../etc/shadow', path.join(dir, 'src/app/shadow'));
        execFileSync('tar', ['czf', path.join(dir, 'bad.tgz'), '-C', path.join(dir, 'src'), '.']);
        expect(open(new Uint8Array(readFileSync(path.join(dir, 'bad.tgz'))))).toEqual(refusedWith('symlink "app/shadow" points outside the artifact'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('reads a pax long name with non-ASCII characters as written (record lengths count bytes, not characters)', () => {
    const name = `${'ü'.repeat(60)}/déjà-vu.yaml`;
    const bytes = new Uint8Array(gzipSync(tarStreamOf([['PaxHeader', { type: 'pax', data: paxRecord('path', name) + paxRecord('mtime', '1') }], ['short', 'x: 1\n']])));
    const opened = openArtifact({ kind: 'tarball', revision, digest: digestOf(bytes), bytes });
    expect(opened.ok && [...opened.files.keys()]).toEqual([name]);
  });

  it('refuses a tar header whose checksum does not match (damaged bytes are not read as an entry)', () => {
    const stream = tarStreamOf([['a.yaml', 'x: 1\n']]);
    stream[0] = 'b'.charCodeAt(0);
    const bytes = new Uint8Array(gzipSync(stream));
    const opened = openArtifact({ kind: 'tarball', revision, digest: digestOf(bytes), bytes });
    expect(opened).toEqual({ ok: false, message: expect.stringContaining('is not a readable tar.gz: damaged tar header at byte 0: checksum mismatch') });
  });

  it('refuses a file entry without a name instead of returning a file at the empty path', () => {
    const bytes = new Uint8Array(gzipSync(tarStreamOf([['./', 'x: 1\n']])));
    const opened = openArtifact({ kind: 'tarball', revision, digest: digestOf(bytes), bytes });
    expect(opened).toEqual({ ok: false, message: expect.stringContaining('has no name') });
  });

  it('refuses a drive-letter path behind a leading ./ as it refuses C:/ itself', () => {
    for (const name of ['C:/a.yaml', './C:/a.yaml', '././c:x.yaml']) {
      const bytes = new Uint8Array(gzipSync(tarStreamOf([[name, 'x: 1\n']])));
      expect(openArtifact({ kind: 'tarball', revision, digest: digestOf(bytes), bytes }), name).toEqual({ ok: false, message: expect.stringContaining('leaves the artifact root') });
    }
  });
});

