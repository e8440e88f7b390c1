import { parseDocument, type Tags } from 'yaml';
import { coreError, fail, ok, type CoreError, type Result } from '../errors.js';
import {
  annotationsOf,
  isRecord,
  kindOf,
  labelsOf,
  nameOf,
  namespaceOf,
  objectSubject,
  type KubeObject,
} from '../object/kube-object.js';
import { emitYaml } from '../yaml/emit.js';
import type { JsonValue } from '../yaml/parse.js';
import { envsubst } from './envsubst.js';

export interface SubstituteOptions {
  /** Fail on an undefined variable without a default. Flux 2.9 default: true (StrictPostBuildSubstitutions). */
  strict?: boolean;
  /** `substituteStrategy: Always`: run even when there are no variables, so `${x:=default}` still expands. */
  always?: boolean;
}

const OPT_OUT = 'kustomize.toolkit.fluxcd.io/substitute';
// Flux validates names with `^[_[:alpha:]][_[:alpha:][:digit:]]*$`; Go's POSIX classes are ASCII-only.
const VAR_NAME = /^[_A-Za-z][_A-Za-z0-9]*$/;

// Flux renders each object as JSON → YAML (sigs.k8s.io/yaml, i.e. go-yaml v2's emitter), substitutes the text
// and reads it back with go-yaml v2, which resolves YAML 1.1 scalars (`yes`/`on` are booleans, `0755` octal)
// but keeps timestamps and base-60 numbers (`1:30`) as strings.
const YAML_OPTIONS = {
  version: '1.1' as const,
  customTags: (tags: Tags): Tags =>
    tags.filter(
      (t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')),
    ),
};

/**
 * postBuild substitution over built objects, as kustomize-controller runs it: objects labelled or annotated
 * `kustomize.toolkit.fluxcd.io/substitute: disabled` are left alone; nothing runs when no variable resolved
 * unless `always`; every error names the object it concerns.
 */
export function substituteObjects(
  objects: readonly KubeObject[],
  vars: Readonly<Record<string, string>>,
  options: SubstituteOptions = {},
): Result<KubeObject[]> {
  if (Object.keys(vars).length === 0 && !options.always) return ok([...objects]);
  const errors: CoreError[] = [];
  const out: KubeObject[] = [];
  for (const obj of objects) {
    const path = subjectOf(obj);
    if (labelsOf(obj)[OPT_OUT] === 'disabled' || annotationsOf(obj)[OPT_OUT] === 'disabled') {
      out.push(obj);
      continue;
    }
    const badName = Object.keys(vars).find((name) => !VAR_NAME.test(name));
    if (badName !== undefined) {
      errors.push(
        coreError(
          'SUBSTITUTE_VAR_NAME_INVALID',
          `'${badName}' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'`,
          path,
        ),
      );
      continue;
    }
    const text = emitYaml(obj as JsonValue);
    const substituted = envsubst(text, vars, { strict: options.strict ?? true, path });
    if (!substituted.ok) {
      errors.push(...substituted.errors);
      continue;
    }
    const value = readBack(substituted.value);
    if (typeof value === 'string') {
      errors.push(coreError('SUBSTITUTE_RESULT_INVALID', `substituted YAML is invalid: ${value}`, path));
      continue;
    }
    out.push(value);
  }
  return errors.length > 0 ? fail(errors) : ok(out);
}

// The object, or why it cannot be one (a parse error, an unknown alias, .inf/.nan that JSON cannot hold).
function readBack(text: string): KubeObject | string {
  const doc = parseDocument(text, { ...YAML_OPTIONS, uniqueKeys: false });
  if (doc.errors.length > 0) return doc.errors[0]?.message.split('\n')[0] ?? 'parse error';
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return e instanceof Error ? e.message : 'cannot read the document';
  }
  if (!isRecord(value)) return 'the result is not a YAML mapping';
  const nonFinite = findNonFinite(value);
  return nonFinite ? `json: unsupported value: ${nonFinite}` : value;
}

function findNonFinite(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : String(v);
  if (Array.isArray(v)) {
    for (const item of v) {
      const bad = findNonFinite(item);
      if (bad) return bad;
    }
  } else if (isRecord(v)) {
    for (const item of Object.values(v)) {
      const bad = findNonFinite(item);
      if (bad) return bad;
    }
  }
  return undefined;
}

function subjectOf(obj: KubeObject): string {
  const ns = namespaceOf(obj);
  return objectSubject({
    kind: kindOf(obj) ?? 'Unknown',
    name: nameOf(obj) ?? '',
    ...(ns ? { namespace: ns } : {}),
  });
}
