import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { archiveStream, planArchive } from '@flotilla/git-source';

// The directory `push artifact` sends, as the deterministic tarball the agent stores for its sources (paths
// relative to the directory, times and owners zeroed, modes normalised, entries in name order, `.sourceignore`
// and the default Flux ignore rules applied): the same files always give the same layer digest.

type Entry = { path: string; mode: 'file' | 'executable' | 'symlink'; oid: string };

function walk(root: string): Entry[] {
  const out: Entry[] = [];
  const visit = (dir: string, rel: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) visit(abs, r);
      else if (e.isSymbolicLink()) out.push({ path: r, mode: 'symlink', oid: abs });
      else if (e.isFile()) out.push({ path: r, mode: fs.statSync(abs).mode & 0o111 ? 'executable' : 'file', oid: abs });
    }
  };
  visit(root, '');
  return out;
}

export async function archiveDirectory(dir: string): Promise<Readable> {
  const readBlob = async (abs: string): Promise<Uint8Array> => {
    const st = await fs.promises.lstat(abs);
    return st.isSymbolicLink() ? Buffer.from(await fs.promises.readlink(abs)) : fs.promises.readFile(abs);
  };
  const plan = await planArchive({ entries: walk(dir), readBlob });
  return archiveStream(plan, readBlob);
}
