import { runAgentCli } from './agent/agent-cli.js';

// Entry of the agent container image: `node dist/main.mjs --hub URL` once bundled. It is `flotilla agent`
// without the CLI dispatcher (so the image carries only the agent's dependencies); a leading "agent" word is
// accepted too, so `args: ["agent", "--hub", ...]` and `args: ["--hub", ...]` both work.
const argv = process.argv.slice(2);
const args = argv[0] === 'agent' ? argv.slice(1) : argv;
runAgentCli(args, { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
    // Leave even if a library left a handle open (unref: never delays a clean exit).
    setTimeout(() => process.exit(code), 3000).unref();
  },
  (err: unknown) => {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'agent crashed', err: String(err) })}\n`);
    process.exit(1);
  },
);
