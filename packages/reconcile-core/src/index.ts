export type { CoreError, CoreErrorCode, CoreWarning, Result, YamlErrorCode, BuildErrorCode, GeneralErrorCode } from './errors.js';
export { coreError, ok, fail, formatCoreError } from './errors.js';
