import type { CoreError, BuildErrorCode, YamlErrorCode } from '../errors.js';

/** Internal control flow: thrown inside the build, turned into a returned CoreError at its boundary. */
export class BuildFailure extends Error {
  constructor(readonly error: CoreError) {
    super(error.message);
  }
}

export function failBuild(code: BuildErrorCode | YamlErrorCode, message: string, path?: string): never {
  throw new BuildFailure(path === undefined ? { code, message } : { code, message, path });
}
