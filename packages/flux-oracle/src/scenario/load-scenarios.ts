import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { scenarioSchema, type Scenario } from './scenario.schema.js';

export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios', import.meta.url));

export interface LoadedScenario extends Scenario {
  /** The directory name; also the namespace the scenario runs in and its git repository's name. */
  name: string;
  dir: string;
}

export async function loadScenario(dir: string): Promise<LoadedScenario> {
  const file = path.join(dir, 'scenario.yaml');
  const parsed = scenarioSchema.safeParse(parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
  return { ...parsed.data, name: path.basename(dir), dir };
}

/** Every scenario under `root`, in name order (a name filter keeps those containing one of the words). */
export async function loadScenarios(root = SCENARIOS_DIR, filter: string[] = []): Promise<LoadedScenario[]> {
  const names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const chosen = filter.length ? names.filter((n) => filter.some((f) => n.includes(f))) : names;
  return Promise.all(chosen.map((n) => loadScenario(path.join(root, n))));
}

/** The files of a commit directory, keyed by their path in the repository. */
export async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full).split(path.sep).join('/')] = await readFile(full, 'utf8');
  }
  return out;
}
