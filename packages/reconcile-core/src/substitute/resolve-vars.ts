import { coreError, fail, ok, type CoreError, type Result } from '../errors.js';

/** A ConfigMap or Secret named in `postBuild.substituteFrom`, as the agent read it from the cluster. */
export interface SubstituteSource {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  optional?: boolean;
  /** The object's data with Secret values already base64-decoded; undefined when the object was not found. */
  data: Readonly<Record<string, string>> | undefined;
}

export interface SubstituteSpec {
  substitute?: Readonly<Record<string, string>>;
  substituteFrom?: readonly SubstituteSource[];
}

/**
 * Merges the variables of a Kustomization's postBuild as Flux does: substituteFrom sources in order (a later
 * one overrides an earlier one), then the inline `substitute` map over all of them. Newlines are removed from
 * every value, as Flux does, so a value cannot break the YAML it lands in.
 */
export function resolveSubstituteVars(spec: SubstituteSpec): Result<Record<string, string>> {
  const vars: Record<string, string> = Object.create(null) as Record<string, string>;
  const errors: CoreError[] = [];
  for (const source of spec.substituteFrom ?? []) {
    if (source.data === undefined) {
      if (!source.optional) {
        errors.push(
          coreError(
            'SUBSTITUTE_SOURCE_NOT_FOUND',
            `substitute from '${source.kind}/${source.name}' error: not found`,
            `${source.kind}/${source.name}`,
          ),
        );
      }
      continue;
    }
    for (const [k, v] of Object.entries(source.data)) vars[k] = v.replaceAll('\n', '');
  }
  for (const [k, v] of Object.entries(spec.substitute ?? {})) vars[k] = v.replaceAll('\n', '');
  return errors.length > 0 ? fail(errors) : ok({ ...vars });
}
