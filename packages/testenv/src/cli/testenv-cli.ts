import { parseArgs } from 'node:util';
import { startGitServer } from '../git/server.js';
import { startCluster, type TestCluster } from '../kube/cluster.js';
import { startRegistry } from '../oci/registry.js';
import { startPostgresServer, type TestPostgres } from '../postgres/server.js';
import { TestenvError } from '../process/errors.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const usage = 'usage: pnpm testenv up [--clusters N] [--nodes N]\n';

interface Stoppable {
  stop(): Promise<void>;
}

// `pnpm testenv up`: the same real parts the tests use, for poking at by hand. Runs until Ctrl-C, then
// tears everything down.
export async function runTestenvCli(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { clusters: { type: 'string', default: '1' }, nodes: { type: 'string', default: '2' }, help: { type: 'boolean' } } });
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(usage);
    return 0;
  }
  if (parsed.positionals[0] !== 'up') {
    io.stderr.write(usage);
    return 2;
  }
  const clusters = Number(parsed.values.clusters);
  const nodes = Number(parsed.values.nodes);
  if (!Number.isInteger(clusters) || clusters < 1 || clusters > 5 || !Number.isInteger(nodes) || nodes < 1 || nodes > 20) {
    io.stderr.write(`--clusters must be 1..5 and --nodes 1..20\n${usage}`);
    return 2;
  }

  const parts: Stoppable[] = [];
  let stopping = false;
  let torndown: Promise<void> | undefined;
  const teardown = (): Promise<void> => {
    stopping = true;
    torndown ??= (async () => {
      io.stderr.write('\ntearing down the test environment...\n');
      await Promise.allSettled([...parts].reverse().map((p) => p.stop()));
      io.stderr.write('test environment stopped\n');
    })();
    return torndown;
  };
  // Installed before anything starts, so Ctrl-C during start-up tears down what is already running.
  let interrupted: () => void = () => undefined;
  const interruptedPromise = new Promise<void>((resolve) => (interrupted = resolve));
  // `on`, not `once`: a second Ctrl-C while tearing down would otherwise kill the process halfway, leaving
  // the parts for the watchdog.
  const onSignal = () => interrupted();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const keep = <T extends Stoppable>(part: T): T => {
    parts.push(part);
    if (stopping) void part.stop();
    return part;
  };
  const started = Date.now();
  void interruptedPromise.then(teardown);
  try {
    const postgres: TestPostgres = keep(await startPostgresServer());
    const git = keep(await startGitServer({ auth: 'basic' }));
    const demoRepo = await git.createRepo('demo');
    const registry = keep(await startRegistry());
    const running: TestCluster[] = [];
    for (let i = 0; i < clusters; i++) {
      if (stopping) break;
      running.push(keep(await startCluster({ name: clusters === 1 ? 'testenv' : `testenv-${i + 1}`, nodes })));
    }
    // Ctrl-C during start-up is a request to stop, met once everything is down: not a failure.
    if (stopping) {
      await teardown();
      return 0;
    }
    const lines = [
      `test environment up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ...running.map((c) => `kubeconfig (${c.name}): ${c.kubeconfigPath}   server: ${c.server}`),
      `postgres: ${postgres.url}`,
      `git: ${git.baseUrl} (user ${git.credentials.username}, password ${git.credentials.password}; empty repo ${demoRepo})`,
      `oci registry: ${registry.url} (no auth)`,
      'press Ctrl-C to tear everything down',
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  } catch (err) {
    await teardown();
    if (stopping && !(err instanceof TestenvError)) return 0;
    io.stderr.write(`${err instanceof TestenvError ? err.message : String(err)}\n`);
    return 1;
  }
  await interruptedPromise;
  await teardown();
  return 0;
}
