import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHelm } from './helm.js';
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
