import { parse, stringify } from 'yaml';
import type { FileTree } from '../build/file-tree.js';
import { mergeValues } from './merge-values.js';

// A HelmChart's `valuesFiles`, as source-controller packages a chart with them: each file read from `files`
// (paths as written, a leading `./` dropped), merged in order (later keys over earlier ones, maps key by key)
// into the values.yaml the packaged chart carries. A missing file fails unless `ignoreMissingValuesFiles`.

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergeValuesFiles(files: FileTree, valuesFiles: readonly string[], ignoreMissing: boolean): { ok: true; yaml: string; used: string[] } | { ok: false; message: string } {
  let merged: Record<string, unknown> = {};
  const used: string[] = [];
  for (const f of valuesFiles) {
    const raw = files.get(f.replace(/^\.?\/+/, ''));
    if (raw === undefined) {
      if (ignoreMissing) continue;
      return { ok: false, message: `no values file found at path '${f}'` };
    }
    let doc: unknown;
    try {
      doc = parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw)) ?? {};
    } catch (err) {
      return { ok: false, message: `failed to parse values file '${f}': ${(err as Error).message.split('\n')[0]}` };
    }
    if (!isRecord(doc)) return { ok: false, message: `values file '${f}' is not a YAML map` };
    merged = mergeValues(merged, doc);
    used.push(f);
  }
  return { ok: true, yaml: stringify(merged), used };
}
