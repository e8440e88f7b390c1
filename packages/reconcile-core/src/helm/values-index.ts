// Helm values without the rest of reconcile-core, for the browser bundle: the merge the hub applies and the
// chart-schema check the hub enforces, and the valuesFrom targetPath parser the agent sets values with.
export { mergeValues } from './merge-values.js';
export { compileValuesSchema, valuesProblemText, type CompiledValuesSchema, type ValuesSchemaProblem } from './values-schema.js';
export { parseTargetPath } from './target-path.js';
