import { buildCommand } from './commands/build.js';

// Entry of the cached `flotilla build` bundle (see bin/flotilla.mjs).
export function runBuild(args: string[]): Promise<number> {
  return buildCommand.run(args, { stdout: process.stdout, stderr: process.stderr });
}
