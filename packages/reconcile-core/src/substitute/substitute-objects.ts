import { parseDocument, stringify, type Tags } from 'yaml';
import { coreError, fail, ok, type CoreError, type Result } from '../errors.js';
import { annotationsOf, isRecord, kindOf, labelsOf, nameOf, namespaceOf, objectSubject, type KubeObject } from '../object/kube-object.js';
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

// Flux renders each object to YAML, substitutes the text and reads it back through sigs.k8s.io/yaml, which
// resolves YAML 1.1 scalars (`yes`/`on` are booleans) but keeps timestamps as strings.
const YAML_OPTIONS = {
  version: '1.1' as const,
  customTags: (tags: Tags): Tags => tags.filter((t) => !(typeof t === 'object' && t.tag === 'tag:yaml.org,2002:timestamp')),
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
      errors.push(coreError('SUBSTITUTE_VAR_NAME_INVALID', `'${badName}' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'`, path));
      continue;
    }
    const text = stringify(obj, { ...YAML_OPTIONS, lineWidth: 0, minContentWidth: 0 });
    const substituted = envsubst(text, vars, { strict: options.strict ?? true, path });
    if (!substituted.ok) {
      errors.push(...substituted.errors);
      continue;
    }
    const doc = parseDocument(substituted.value, { ...YAML_OPTIONS, uniqueKeys: false });
    const value: unknown = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
    if (!isRecord(value)) {
      const reason = doc.errors[0]?.message.split('\n')[0] ?? 'the result is not a YAML mapping';
      errors.push(coreError('SUBSTITUTE_RESULT_INVALID', `substituted YAML is invalid: ${reason}`, path));
      continue;
    }
    out.push(value);
  }
  return errors.length > 0 ? fail(errors) : ok(out);
}

function subjectOf(obj: KubeObject): string {
  const ns = namespaceOf(obj);
  return objectSubject({ kind: kindOf(obj) ?? 'Unknown', name: nameOf(obj) ?? '', ...(ns ? { namespace: ns } : {}) });
}
