// Entry point for consumers that only need the kustomize build (the CLI loads just this).
export { buildKustomization, type BuildOptions, type BuildOutput } from './build.js';
export { fileTreeFromRecord, type FileTree } from './file-tree.js';
export { formatCoreError } from '../errors.js';
