// Which fields of a Flux spec the hub reads, which Flux has and the hub does not serve, and which are not
// Flux's at all: each reported by its path so the parser can give its line.

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface FieldRules {
  /** Dotted paths under spec the hub reads; a parent is implied by its children; a path ending `.*` takes its whole subtree. */
  served: readonly string[];
  /** Dotted paths Flux defines and the hub does not serve, with why. */
  unserved?: Readonly<Record<string, string>>;
}

export type Report = (path: (string | number)[], message: string) => void;

/** Walks `spec` and reports every field the rules do not serve; arrays are walked element by element. */
export function checkFields(spec: Record<string, unknown>, rules: FieldRules, report: Report): void {
  const served = new Set(rules.served);
  const walk = (value: unknown, docPath: (string | number)[], dotted: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...docPath, i], dotted));
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, v] of Object.entries(value)) {
      const field = dotted ? `${dotted}.${key}` : key;
      const here = [...docPath, key];
      const why = rules.unserved?.[field];
      if (why !== undefined) {
        report(here, why);
        continue;
      }
      if (served.has(`${field}.*`)) continue;
      const hasChildren = rules.served.some((s) => s.startsWith(`${field}.`));
      if (hasChildren) walk(v, here, field);
      else if (!served.has(field)) report(here, `unknown field "${key}"`);
    }
  };
  walk(spec, ['spec'], '');
}

/** Typed reads of a document's values: a wrong type is reported and read as absent. */
export function valueReader(report: Report) {
  const at = (field: string) => field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return {
    str(field: string, v: unknown): string | null {
      if (v === undefined || v === null) return null;
      if (typeof v === 'string') return v;
      report(at(field), `must be a string`);
      return null;
    },
    bool(field: string, v: unknown): boolean | null {
      if (v === undefined || v === null) return null;
      if (typeof v === 'boolean') return v;
      report(at(field), `must be true or false`);
      return null;
    },
    strings(field: string, v: unknown): string[] | null {
      if (v === undefined || v === null) return null;
      if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
      report(at(field), `must be a list of strings`);
      return null;
    },
    map(field: string, v: unknown): Record<string, unknown> {
      if (v === undefined || v === null) return {};
      if (isRecord(v)) return v;
      report(at(field), `must be a map`);
      return {};
    },
  };
}

/** What a kind's reader gets of its document besides the spec. */
export interface SpecContext {
  name: string;
  namespace: string | null;
  labels: { key: string; value: string }[];
  annotations: Record<string, string>;
  report: Report;
}
