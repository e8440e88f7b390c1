export type { CoreError, CoreErrorCode, CoreWarning, Result, YamlErrorCode, BuildErrorCode, GeneralErrorCode } from './errors.js';
export { coreError, ok, fail, formatCoreError } from './errors.js';
export { buildKustomization, type BuildOptions, type BuildOutput } from './build/build.js';
export { fileTreeFromRecord, type FileTree } from './build/file-tree.js';
export { parseYamlDocuments, type JsonValue, type JsonObject } from './yaml/parse.js';
export { emitYaml } from './yaml/emit.js';
export { defaultYamlLimits, type YamlLimits } from './yaml/limits.js';
