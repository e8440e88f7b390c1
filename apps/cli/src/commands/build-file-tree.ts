import fs from 'node:fs';
import path from 'node:path';
import { parseYamlDocuments } from '@flotilla/reconcile-core/yaml';

// Reads what a build needs from disk into a FileTree. The root is the deepest directory that holds every
// kustomization the build reaches (bases may live in "../"), so the pure build can refuse anything else.

const KUST_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const SKIP_DIRS = new Set(['.git', 'node_modules']);
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_FILES = 50_000;

function listRefs(dir: string): string[] {
  const name = KUST_NAMES.find((n) => fs.existsSync(path.join(dir, n)));
  if (!name) return [];
  const file = path.join(dir, name);
  const st = fs.statSync(file);
  if (st.size > MAX_FILE_BYTES) return [];
  const parsed = parseYamlDocuments(fs.readFileSync(file, 'utf8'), file);
  if (!parsed.ok) return [];
  const k = parsed.value[0];
  if (!k || typeof k !== 'object' || Array.isArray(k)) return [];
  const out: string[] = [];
  for (const field of ['resources', 'bases', 'components']) {
    const v = (k as Record<string, unknown>)[field];
    if (Array.isArray(v)) for (const e of v) if (typeof e === 'string' && !e.includes('://') && !path.isAbsolute(e)) out.push(e);
  }
  return out;
}

function commonAncestor(a: string, b: string): string {
  const x = a.split(path.sep), y = b.split(path.sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(path.sep) || path.sep;
}

// A directory without a kustomization is built the Flux way from everything below it, so the
// kustomizations below it are where references start.
function nestedKustomizationDirs(dir: string, limit = 2000): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (out.length >= limit || depth > 32) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || SKIP_DIRS.has(e.name)) continue;
      const sub = path.join(d, e.name);
      if (KUST_NAMES.some((n) => fs.existsSync(path.join(sub, n)))) out.push(sub);
      else walk(sub, depth + 1);
    }
  };
  walk(dir, 0);
  return out;
}

/** The smallest directory holding every kustomization directory reachable from `buildDir`. */
export function findBuildRoot(buildDir: string): string {
  let root = buildDir;
  const seen = new Set<string>();
  const hasOwn = KUST_NAMES.some((n) => fs.existsSync(path.join(buildDir, n)));
  const queue = hasOwn ? [buildDir] : [buildDir, ...nestedKustomizationDirs(buildDir)];
  while (queue.length > 0 && seen.size < 1000) {
    const dir = queue.shift() as string;
    if (seen.has(dir)) continue;
    seen.add(dir);
    root = commonAncestor(root, dir);
    for (const ref of listRefs(dir)) {
      const p = path.resolve(dir, ref);
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) queue.push(p);
      else root = commonAncestor(root, path.dirname(p));
    }
  }
  return root;
}

export interface DiskTree {
  tree: Map<string, Uint8Array>;
  skipped: string[];
}

/** Reads every regular file below `root`; symlinks must resolve inside `root`. */
export function readTree(root: string): DiskTree {
  const tree = new Map<string, Uint8Array>();
  const skipped: string[] = [];
  const realRoot = fs.realpathSync(root);
  const walk = (abs: string, rel: string): void => {
    for (const ent of fs.readdirSync(abs, { withFileTypes: true })) {
      if (tree.size > MAX_FILES) throw new Error(`more than ${MAX_FILES} files below ${root}`);
      const a = path.join(abs, ent.name);
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(a);
        } catch {
          skipped.push(`${r} (dangling symlink)`);
          continue;
        }
        if (target !== realRoot && !target.startsWith(realRoot + path.sep)) {
          skipped.push(`${r} (symlink escapes the root)`);
          continue;
        }
        const st = fs.statSync(target);
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isDir) {
        if (!SKIP_DIRS.has(ent.name)) walk(a, r);
      } else if (isFile) {
        const size = fs.statSync(a).size;
        if (size > MAX_FILE_BYTES) {
          skipped.push(`${r} (larger than ${MAX_FILE_BYTES} bytes)`);
          continue;
        }
        tree.set(r, fs.readFileSync(a));
      }
    }
  };
  walk(root, '');
  return { tree, skipped };
}
