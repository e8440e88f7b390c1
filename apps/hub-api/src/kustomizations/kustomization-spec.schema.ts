import { kustomizationSpec } from '@flotilla/protocol/flux';
import { compileDriftIgnore, loadedCel, parseFluxDuration, parsePositiveFluxDuration } from '@flotilla/reconcile-core';
import type { z } from 'zod';
import { unknownField } from '../common/unknown-field.js';

// The hub's edge parses a Kustomization spec with Flux's one definition (@flotilla/protocol/flux: Flux's field
// names, defaults and validation) and stores what it returns. On top sit the rules only the hub needs, each with
// a message naming its field: sources at the hub are GitRepositories, names are Kubernetes names, the path stays
// inside the artifact, durations are positive, CEL expressions and ignore rules parse, and unknown fields are refused by name
// (the API server would prune them silently; a typo at the hub should say so).

export type KustomizationSpec = z.output<typeof kustomizationSpec>;

const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SUBDOMAIN = 'must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")';
const LABEL = 'must be a DNS-1123 label (lowercase letters, digits and "-", at most 63)';
const varName = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

interface Problem {
  path: (string | number)[];
  message: string;
}

function escapesRoot(path: string): boolean {
  // Flux joins the path under the artifact root; a path that climbs out of it can never build.
  let depth = 0;
  for (const part of path.split('/')) {
    if (part === '..') depth--;
    else if (part !== '' && part !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}

// The CEL runtime is loaded only for a spec with an expression: whoever validates awaits `loadCelFor(spec)`
// first (KustomizationsService.validate's callers), so the hub never loads it while no Kustomization has one.
function celProblems(spec: KustomizationSpec): Problem[] {
  const out: Problem[] = [];
  if (!spec.healthCheckExprs?.length && !spec.dependsOn?.some((d) => d.readyExpr)) return out;
  const { compileHealthCheckExprs, parseCelExpression } = loadedCel();
  spec.healthCheckExprs?.forEach((entry, i) => {
    for (const key of ['current', 'inProgress', 'failed'] as const) {
      const source = entry[key];
      if (source === undefined || source === '') continue;
      const parsed = parseCelExpression(source);
      if (!parsed.ok) out.push({ path: ['healthCheckExprs', i, key], message: parsed.errors[0]!.message });
    }
  });
  if (out.length === 0 && spec.healthCheckExprs?.length) {
    const compiled = compileHealthCheckExprs(spec.healthCheckExprs);
    if (!compiled.ok) out.push({ path: ['healthCheckExprs'], message: compiled.errors[0]!.message });
  }
  spec.dependsOn?.forEach((dep, i) => {
    if (!dep.readyExpr) return;
    const parsed = parseCelExpression(dep.readyExpr);
    if (!parsed.ok) out.push({ path: ['dependsOn', i, 'readyExpr'], message: parsed.errors[0]!.message });
  });
  return out;
}

/** The hub's own rules over a spec Flux's definition accepted; the first problem is reported. */
function hubProblems(spec: KustomizationSpec): Problem[] {
  const out: Problem[] = [];
  const name = (path: Problem['path'], v: string | undefined) => {
    if (v !== undefined && !dnsSubdomain.test(v)) out.push({ path, message: SUBDOMAIN });
  };
  const namespace = (path: Problem['path'], v: string | undefined) => {
    if (v !== undefined && !dnsLabel.test(v)) out.push({ path, message: LABEL });
  };
  if (spec.sourceRef.kind !== 'GitRepository' && spec.sourceRef.kind !== 'OCIRepository') {
    out.push({ path: ['sourceRef', 'kind'], message: `only GitRepository and OCIRepository sources exist at the hub, so a hub-placed Kustomization must build one (got ${spec.sourceRef.kind})` });
  }
  name(['sourceRef', 'name'], spec.sourceRef.name);
  namespace(['sourceRef', 'namespace'], spec.sourceRef.namespace);
  if (spec.path !== undefined && escapesRoot(spec.path)) out.push({ path: ['path'], message: 'must stay inside the source artifact (no leading "..")' });
  for (const key of ['interval', 'retryInterval', 'timeout'] as const) {
    const d = spec[key];
    // Flux's own schema already refused a malformed duration; what is left to say is a zero.
    const parsed = d === undefined || !parseFluxDuration(d).ok ? undefined : parsePositiveFluxDuration(d);
    if (parsed && !parsed.ok) out.push({ path: [key], message: parsed.errors[0]!.message });
  }
  namespace(['targetNamespace'], spec.targetNamespace);
  name(['serviceAccountName'], spec.serviceAccountName);
  name(['decryption', 'serviceAccountName'], spec.decryption?.serviceAccountName);
  name(['decryption', 'secretRef', 'name'], spec.decryption?.secretRef?.name);
  spec.dependsOn?.forEach((d, i) => {
    name(['dependsOn', i, 'name'], d.name);
    namespace(['dependsOn', i, 'namespace'], d.namespace);
  });
  spec.healthChecks?.forEach((h, i) => {
    if (!h.apiVersion) out.push({ path: ['healthChecks', i, 'apiVersion'], message: 'is required' });
    name(['healthChecks', i, 'name'], h.name);
    namespace(['healthChecks', i, 'namespace'], h.namespace);
  });
  spec.postBuild?.substituteFrom?.forEach((s, i) => name(['postBuild', 'substituteFrom', i, 'name'], s.name));
  for (const key of Object.keys(spec.postBuild?.substitute ?? {})) {
    if (!varName.test(key)) out.push({ path: ['postBuild', 'substitute', key], message: 'variable names are letters, digits and _, not starting with a digit' });
  }
  spec.patches?.forEach((p, i) => {
    if (p.patch.trim() === '') out.push({ path: ['patches', i, 'patch'], message: 'must not be empty' });
  });
  spec.ignore?.forEach((rule, i) => {
    const compiled = compileDriftIgnore([rule]);
    if (!compiled.ok) out.push({ path: ['ignore', i], message: compiled.errors[0]!.message.replace(/^ignore\[0\]\./, '') });
  });
  return [...out, ...celProblems(spec)];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

export type KustomizationSpecResult = { ok: true; value: KustomizationSpec } | { ok: false; path: string; message: string };

/** Validates a spec; the first error names its path from the spec root (`interval`, `sourceRef.name`, `patches.0.patch`). */
export function parseKustomizationSpec(input: unknown): KustomizationSpecResult {
  if (!isPlainObject(input)) return { ok: false, path: '', message: 'must be an object' };
  const r = kustomizationSpec.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    // zod does not put the input on its issues, so whether the field is missing is read from the input itself:
    // a field with the wrong type is not "required".
    const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
    const message = missing ? (issue.path.at(-1) === 'prune' ? 'is required: true or false (Flux has no default)' : 'is required') : issue.message;
    return { ok: false, path: issue.path.map(String).join('.'), message };
  }
  const unknown = unknownField(input, r.data, []);
  if (unknown) return { ok: false, path: unknown.join('.'), message: `unknown field "${unknown.at(-1)}"` };
  const problem = hubProblems(r.data)[0];
  if (problem) return { ok: false, path: problem.path.map(String).join('.'), message: problem.message };
  return { ok: true, value: r.data };
}
