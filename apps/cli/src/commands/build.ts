import path from 'node:path';
import fs from 'node:fs';
import type { CliCommand } from '../command.js';

export const buildCommand: CliCommand = {
  name: 'build',
  usage: 'flotilla build <dir>',
  async run(args, io) {
    const target = args.find((a) => !a.startsWith('-'));
    if (!target || args.length !== 1) {
      io.stderr.write(`usage: ${this.usage}\n`);
      return 2;
    }
    const buildDir = path.resolve(target);
    if (!fs.existsSync(buildDir) || !fs.statSync(buildDir).isDirectory()) {
      io.stderr.write(`Error: KUSTOMIZATION_NOT_FOUND: ${target} is not a directory\n`);
      return 1;
    }
    const [{ buildKustomization, formatCoreError }, { findBuildRoot, readTree }] = await Promise.all([
      import('@flotilla/reconcile-core/build'),
      import('./build-file-tree.js'),
    ]);
    const root = findBuildRoot(buildDir);
    const { tree } = readTree(root);
    const rel = path.relative(root, buildDir).split(path.sep).join('/');
    const result = buildKustomization(tree, rel);
    if (!result.ok) {
      for (const e of result.errors) io.stderr.write(`Error: ${formatCoreError(e)}\n`);
      return 1;
    }
    io.stdout.write(result.value.yaml);
    return 0;
  },
};
