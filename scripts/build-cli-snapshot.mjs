// The start-up snapshot of `flotilla build <dir>` (see apps/cli/bin/flotilla): apps/cli/src/build-snapshot.ts
// bundled as one CommonJS file (a snapshot's entry can require Node's built-ins only), run by
// `node --build-snapshot`, and written beside the CLI bundle with the path of the node binary that made it:
// a blob loads only into the same Node build, so the bin uses it only when the node on PATH is that file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const snapshotName = 'build.snapshot.blob';

/** What the bin compares (`-ef`: the same device and inode) with the node first on PATH: the file that made it. */
function nodeStamp(nodePath = process.execPath) {
  return fs.realpathSync(nodePath);
}

/**
 * Writes `<outdir>/build.snapshot.blob` and its `.node` stamp. A Node that cannot build snapshots, or an entry
 * that does not bundle to plain CommonJS, leaves no blob and says why: the bin then runs flotilla.mjs, the same
 * command without the head start.
 */
export async function buildCliSnapshot({ esbuild, repo, outdir, quiet }) {
  const entryOut = path.join(outdir, 'build-snapshot.cjs');
  const blob = path.join(outdir, snapshotName);
  try {
    const result = await esbuild.build({
      absWorkingDir: repo,
      entryPoints: [path.join(repo, 'apps/cli/src/build-snapshot.ts')],
      outfile: entryOut,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minifyWhitespace: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    // esbuild warns when ESM-only syntax (import.meta) cannot be expressed in CommonJS: such a snapshot
    // would run differently from the bundle, so none is made.
    if (result.warnings.length) throw new Error(result.warnings.map((w) => w.text).join('; '));
    const r = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', entryOut], {
      cwd: outdir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error((r.stderr || r.error?.message || `exit ${r.status}`).trim());
    fs.writeFileSync(`${blob}.node`, `${nodeStamp()}\n`);
  } catch (err) {
    fs.rmSync(blob, { force: true });
    if (!quiet)
      process.stderr.write(
        `no start-up snapshot for flotilla build (it runs without one): ${err instanceof Error ? err.message : String(err)}\n`,
      );
  } finally {
    fs.rmSync(entryOut, { force: true });
  }
}
