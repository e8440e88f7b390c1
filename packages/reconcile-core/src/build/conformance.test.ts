import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKustomization } from './build.js';
import type { FileTree } from './file-tree.js';

// The shared kustomize v5.5.0 corpus (shared/conformance/kustomize), run in-process, plus our own fixtures
// (testdata/kustomize) whose expected output came from the real kustomize binary.

const SHARED = path.resolve(__dirname, '../../../../../shared/conformance/kustomize/cases');
const OWN = path.resolve(__dirname, '../../testdata/kustomize');

/** Cases we knowingly fail, with the reason. */
const SKIP: Record<string, string> = {};

function readTree(root: string): FileTree {
  const tree = new Map<string, Uint8Array>();
  const walk = (abs: string, rel: string): void => {
    for (const ent of fs.readdirSync(abs, { withFileTypes: true })) {
      const a = path.join(abs, ent.name);
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(a, r);
      else if (ent.isFile()) tree.set(r, fs.readFileSync(a));
    }
  };
  walk(root, '');
  return tree;
}

function cases(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'build-path'))).sort() : [];
}

function runCase(dir: string, name: string): void {
  const caseDir = path.join(dir, name);
  const buildPath = fs.readFileSync(path.join(caseDir, 'build-path'), 'utf8').trim();
  const tree = readTree(caseDir);
  const result = buildKustomization(tree, buildPath);
  const expectedFile = path.join(caseDir, 'expected.yaml');
  if (fs.existsSync(expectedFile)) {
    if (!result.ok) throw new Error(`build failed: ${JSON.stringify(result.errors)}`);
    expect(result.value.yaml).toBe(fs.readFileSync(expectedFile, 'utf8'));
  } else {
    expect(result.ok, 'kustomize fails this case, so must we').toBe(false);
  }
}

describe.skipIf(!fs.existsSync(SHARED))('kustomize v5.5.0 conformance (shared corpus)', () => {
  for (const name of cases(SHARED)) {
    const reason = SKIP[name];
    if (reason) it.skip(`${name} — skipped: ${reason}`, () => {});
    else it(name, () => runCase(SHARED, name));
  }
});

describe('kustomize v5.5.0 behaviour (own fixtures from the real binary)', () => {
  for (const name of cases(OWN)) it(name, () => runCase(OWN, name));
});
