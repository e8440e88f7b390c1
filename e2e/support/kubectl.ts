import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { binaryPath } from '@flotilla/testenv';

const run = promisify(execFile);

/** The real kubectl against one cluster; resolves with its stdout, trimmed. */
export async function kubectlFor(kubeconfigPath: string): Promise<(...args: string[]) => Promise<string>> {
  const bin = await binaryPath('kubectl');
  return async (...args: string[]) => (await run(bin, ['--kubeconfig', kubeconfigPath, ...args])).stdout.trim();
}
