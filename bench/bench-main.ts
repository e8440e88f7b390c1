import os from 'node:os';

// What every bench script that runs as its own process shares: a timestamped log line, the load average printed
// beside its figures (the machines are shared), and how its main function ends the process.

export const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export const log = (msg: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

/**
 * Runs `main` and exits 0 when it resolves, 1 with the stack when it throws. Exiting also fires testenv's exit
 * hooks, which kill any process the bench started and did not stop.
 */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
