import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHelm } from './helm.js';
import { pullArtifact } from '@flotilla/oci-client';
import { startRegistry, type TestRegistry } from './oci/registry.js';
import { TestenvError } from './process/errors.js';
import { makeTempDir, removeDir } from './process/temp-dir.js';

describe('runHelm', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('helm-test');
  });
  afterAll(() => removeDir(dir));

  it('creates a chart and renders its Deployment with overridden values', async () => {
    await runHelm(['create', 'podinfo'], { cwd: dir });
    const { stdout } = await runHelm(
      ['template', 'web', './podinfo', '--namespace', 'apps', '--set', 'replicaCount=3'],
      { cwd: dir },
    );
    const docs = parseAllDocuments(stdout).map(
      (d) =>
        d.toJS() as {
          kind?: string;
          metadata?: { name?: string; namespace?: string };
          spec?: { replicas?: number };
        },
    );
    const deployment = docs.find((d) => d.kind === 'Deployment');
    expect(deployment?.metadata?.name).toBe('web-podinfo');
    expect(deployment?.spec?.replicas).toBe(3);
    expect(docs.map((d) => d.kind)).toEqual(
      expect.arrayContaining(['Service', 'ServiceAccount', 'Deployment']),
    );
  });

  it('uses its own HELM_*_HOME, never the user config', async () => {
    const { stdout } = await runHelm(['env']);
    const env = Object.fromEntries(
      stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const eq = l.indexOf('=');
          return [l.slice(0, eq), l.slice(eq + 1).replace(/^"|"$/g, '')];
        }),
    );
    for (const key of ['HELM_CACHE_HOME', 'HELM_CONFIG_HOME', 'HELM_DATA_HOME']) {
      expect(env[key]).toMatch(/flotilla-helm-/);
    }
  });

  it("fails with helm's own error message for a broken chart", async () => {
    await runHelm(['create', 'broken'], { cwd: dir });
    const tpl = path.join(dir, 'broken', 'templates', 'deployment.yaml');
    await writeFile(tpl, `${await readFile(tpl, 'utf8')}\n{{ .Values.nope.missing }}\n`);
    const err = await runHelm(['template', 'x', './broken'], { cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TestenvError);
    expect((err as TestenvError).logTail).toMatch(/nil pointer evaluating interface \{\}\.missing|nope/);
  });
});

describe('helm with the test registry', () => {
  let dir: string;
  let registry: TestRegistry;
  beforeAll(async () => {
    [dir, registry] = await Promise.all([makeTempDir('helm-oci'), startRegistry({ auth: true })]);
  });
  afterAll(async () => {
    await registry.stop();
    await removeDir(dir);
  });

  it('logs in, pushes a packaged chart as an OCI artifact, and the OCI client pulls it back', async () => {
    await runHelm(['create', 'demo'], { cwd: dir });
    await runHelm(['package', './demo', '--version', '1.2.3'], { cwd: dir });
    await runHelm(
      [
        'registry',
        'login',
        registry.host,
        '--username',
        registry.username ?? '',
        '--password-stdin',
        '--plain-http',
      ],
      {
        input: registry.password ?? '',
      },
    );
    await runHelm(['push', 'demo-1.2.3.tgz', `oci://${registry.host}/charts`, '--plain-http'], { cwd: dir });

    const auth = { username: registry.username ?? '', password: registry.password ?? '' };
    const pulled = await pullArtifact({
      registry: registry.host,
      repository: 'charts/demo',
      reference: '1.2.3',
      auth,
    });
    expect(pulled.config.mediaType).toBe('application/vnd.cncf.helm.config.v1+json');
    expect(JSON.parse(pulled.config.data.toString())).toMatchObject({ name: 'demo', version: '1.2.3' });
    const chart = pulled.layers.find(
      (l) => l.mediaType === 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
    );
    expect(chart?.data.equals(await readFile(path.join(dir, 'demo-1.2.3.tgz')))).toBe(true);

    // And helm renders straight from the registry.
    const { stdout } = await runHelm([
      'template',
      'r',
      `oci://${registry.host}/charts/demo`,
      '--version',
      '1.2.3',
      '--plain-http',
    ]);
    expect(stdout).toContain('kind: Deployment');
  });
});
