import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { Writable } from 'node:stream';
import type { CliIo } from './command.js';
import { buildCommand } from './commands/build.js';

/**
 * The entry of the start-up snapshot `pnpm build` makes for `flotilla build <dir>` (see bin/flotilla): Node
 * runs this file once while building the snapshot, and each `node --snapshot-blob` start then begins with
 * its modules loaded (the warm-up build imports what the command imports lazily) and compiled, instead of
 * parsing and compiling them again. The
 * deserialized process runs the same command as `flotilla.mjs` does.
 */
const io = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr });

async function main(): Promise<void> {
  // node --snapshot-blob BLOB <script> build <dir>: the words after the script, as flotilla.mjs sees them.
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'build') {
    process.stderr.write(`flotilla: this start-up snapshot runs "flotilla build <dir>" only\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = await buildCommand.run(args, io());
}

async function warmUp(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-snapshot-'));
  try {
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'namespace: a\ncommonLabels: {a: b}\nresources: [cm.yaml]\n');
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: "1"}\n');
    const sink = new Writable({ write: (_chunk, _enc, done) => done() });
    const code = await buildCommand.run([dir], { stdout: sink, stderr: sink });
    if (code !== 0) throw new Error(`the snapshot's warm-up build failed with exit code ${code}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (v8.startupSnapshot.isBuildingSnapshot()) {
  // The snapshot is written once the event loop is empty, so the warm-up's promise settles before it.
  void warmUp();
  v8.startupSnapshot.setDeserializeMainFunction(() => void main());
} else {
  void main();
}
