import path from 'node:path';
import { ManagedProcess, repoRoot } from '@flotilla/testenv';

let runs = 0;

/**
 * Runs the agent command exactly as the UI printed it, except for the two paths a test must own: the
 * kubeconfig (the test cluster's instead of ~/.kube/config) and the credential file (a temp dir, not $HOME).
 * Without a token it starts from the stored credential, as a restarted agent does.
 */
export function startAgent(opts: {
  command: string;
  kubeconfigPath: string;
  stateFile: string;
  logDir: string;
  withToken: boolean;
  /** More flags, e.g. `--cache-dir` so two agents of one hub do not share a cache. */
  extraArgs?: readonly string[];
  /** Replaces the hub URL the UI printed, e.g. with a proxy's in front of the hub. */
  hubUrl?: string;
  env?: Record<string, string>;
}): ManagedProcess {
  const words = opts.command.trim().split(/\s+/);
  if (words[0] !== 'pnpm') throw new Error(`unexpected agent command: ${opts.command}`);
  const args = words.slice(1).map((w) => (w === '~/.kube/config' ? opts.kubeconfigPath : w));
  const hub = args.indexOf('--hub');
  if (opts.hubUrl && hub >= 0) args[hub + 1] = opts.hubUrl;
  if (!opts.withToken) {
    const i = args.indexOf('--token');
    if (i >= 0) args.splice(i, 2);
  }
  args.push('--state-file', opts.stateFile, ...(opts.extraArgs ?? []));
  return ManagedProcess.start({
    name: `agent-${++runs}`,
    command: 'pnpm',
    args,
    cwd: repoRoot,
    logPath: path.join(opts.logDir, `agent-${runs}.log`),
    env: { ...process.env, ...opts.env },
  });
}
