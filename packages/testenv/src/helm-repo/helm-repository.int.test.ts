import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runHelm } from '../helm.js';
import { startHelmRepository, type TestHelmRepository } from './server.js';

interface Index {
  apiVersion: string;
  entries: Record<string, { version: string; urls: string[]; digest: string }[]>;
}

describe('startHelmRepository', () => {
  let repo: TestHelmRepository;
  beforeAll(async () => {
    repo = await startHelmRepository();
  });
  afterAll(() => repo.stop());

  it('serves an index.yaml listing every published version with absolute chart URLs', async () => {
    await repo.publishNewChart('podinfo', '1.0.0');
    const second = await repo.publishNewChart('podinfo', '1.1.0');
    expect(second).toEqual({ name: 'podinfo', version: '1.1.0', file: 'podinfo-1.1.0.tgz' });
    const index = parse(await (await fetch(`${repo.url}/index.yaml`)).text()) as Index;
    expect(index.apiVersion).toBe('v1');
    expect(index.entries.podinfo?.map((e) => e.version).sort()).toEqual(['1.0.0', '1.1.0']);
    const url = index.entries.podinfo?.find((e) => e.version === '1.1.0')?.urls[0] ?? '';
    expect(url).toBe(`${repo.url}/podinfo-1.1.0.tgz`);
    const tgz = await fetch(url);
    expect(tgz.status).toBe(200);
    expect((await tgz.arrayBuffer()).byteLength).toBeGreaterThan(500);
  });

  it('helm itself renders charts from it, resolving a semver range', async () => {
    await repo.publishNewChart('web', '2.3.4');
    const { stdout } = await runHelm(['template', 'r', 'web', '--repo', repo.url, '--version', '~2.3']);
    expect(stdout).toContain('helm.sh/chart: web-2.3.4');
  });

  it('answers 404 outside the chart files', async () => {
    expect((await fetch(`${repo.url}/../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${repo.url}/missing-1.0.0.tgz`)).status).toBe(404);
    expect((await fetch(`${repo.url}/%E0%A4%A.tgz`)).status).toBe(404);
  });
});

describe('startHelmRepository (basic auth)', () => {
  let repo: TestHelmRepository;
  beforeAll(async () => {
    repo = await startHelmRepository({ auth: true });
  });
  afterAll(() => repo.stop());

  it('serves with the credentials and refuses without or with a wrong password', async () => {
    await repo.publishNewChart('private', '0.1.0');
    const { stdout } = await runHelm([
      'template',
      'r',
      'private',
      '--repo',
      repo.url,
      '--username',
      repo.username ?? '',
      '--password',
      repo.password ?? '',
    ]);
    expect(stdout).toContain('kind: Deployment');
    expect((await fetch(`${repo.url}/index.yaml`)).status).toBe(401);
    const wrong = `Basic ${Buffer.from(`${repo.username}:nope`).toString('base64')}`;
    expect((await fetch(`${repo.url}/index.yaml`, { headers: { Authorization: wrong } })).status).toBe(401);
    await expect(runHelm(['template', 'r', 'private', '--repo', repo.url])).rejects.toThrow(/helm template/);
  });
});
