import { LineCounter, parseAllDocuments } from 'yaml';
import { lineFinder, parseFluxYaml, type FieldPath, type ParsedDoc } from '../flux-yaml/flux-yaml.parse.js';
import { PLACEMENT_KIND, parsePlacement, type ParsedPlacement } from './placement-kind.parse.js';

// The files of a FleetSync's path → the Flux documents (read by the Flux YAML import's parser) and our
// Placements, each problem named by file and line. Pure: nothing here reads the database.

export interface FleetProblem {
  /** Path of the file in the repository. */
  file: string;
  /** 1-based line in that file. */
  line: number;
  kind: string | null;
  name: string | null;
  field: string | null;
  message: string;
}

/** A fleet path declares every kind the Flux YAML import accepts, read by the import's parser. */
export type FleetKindDoc = ParsedDoc;

export interface FleetDoc {
  file: string;
  doc: FleetKindDoc;
}

export interface FleetPlacement {
  file: string;
  placement: ParsedPlacement;
}

export interface FleetFiles {
  docs: FleetDoc[];
  placements: FleetPlacement[];
  problems: FleetProblem[];
}

/** More YAML files than this under one path are refused: each document becomes a row. */
export const MAX_FLEET_FILES = 1000;

/** `./clusters/hub/` → `clusters/hub/`; the root (`./`, `.`, ``) → ``. */
export function normalisePath(path: string): string {
  const trimmed = path.replace(/^\.?\/+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** Whether a repository file is a YAML file under the path (the path's subdirectories included). */
export function isFleetFile(root: string, file: string): boolean {
  return file.startsWith(root) && /\.ya?ml$/i.test(file);
}

export function parseFleetFiles(files: ReadonlyMap<string, Uint8Array>): FleetFiles {
  const out: FleetFiles = { docs: [], placements: [], problems: [] };
  const names = [...files.keys()].sort();
  if (names.length > MAX_FLEET_FILES) {
    out.problems.push({ file: names[MAX_FLEET_FILES]!, line: 1, kind: null, name: null, field: null, message: `more than ${MAX_FLEET_FILES} YAML files under the path` });
    return out;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const file of names) {
    let text: string;
    try {
      text = decoder.decode(files.get(file));
    } catch {
      out.problems.push({ file, line: 1, kind: null, name: null, field: null, message: 'not UTF-8 text' });
      continue;
    }
    const flux = parseFluxYaml(text);
    for (const doc of flux.docs) out.docs.push({ file, doc });
    // Placement is ours: the Flux parser names it an unknown kind, and the Placement parser reads it instead.
    for (const p of flux.problems) {
      if (p.kind === PLACEMENT_KIND && p.field === 'kind') continue;
      out.problems.push({ file, line: p.line, kind: p.kind, name: p.name, field: p.field, message: p.message });
    }
    out.placements.push(...placementsOf(text, file, out.problems));
  }
  return out;
}

function placementsOf(text: string, file: string, problems: FleetProblem[]): FleetPlacement[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const lineAt = (offset: number) => lines.linePos(offset).line;
  const out: FleetPlacement[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0 || doc.contents === null) continue; // reported by the Flux parser
    const value: unknown = doc.toJS();
    if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== PLACEMENT_KIND) continue;
    const docLine = lineAt(doc.contents.range?.[0] ?? doc.range[0]);
    const lineOf: (f: FieldPath) => number = lineFinder(doc, docLine, lineAt);
    const parsed = parsePlacement(value as Record<string, unknown>, docLine, lineOf);
    if (parsed.ok) out.push({ file, placement: parsed.placement });
    else problems.push(...parsed.problems.map((p) => ({ ...p, file })));
  }
  return out;
}

