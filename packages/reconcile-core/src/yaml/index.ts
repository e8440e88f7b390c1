export { parseYamlDocuments, type JsonValue, type JsonObject } from './parse.js';
export { emitYaml } from './emit.js';
export { defaultYamlLimits, type YamlLimits } from './limits.js';
