import { imagePolicyCompileProblems, imagePolicySpec, type ImagePolicySpecInput } from '@flotilla/protocol/flux';
import { plainMessage } from '../../../lib/forms/place-server-error';
import { objectNameError } from '../../../lib/flux/names';
import type { ImagePolicyInput, ImagePolicyPreviewInput } from '../../../lib/graphql/operation-types.gen';
import { filledRows, type KeyValueRow } from '../../../lib/kubernetes/label-validation';
import type { ImagePolicy } from '../api/list-image-policies';

// The ImagePolicy form as plain data: state ⇄ the hub's input, and validation with Flux's schema (the hub's
// own zod definition and compile checks, from @flotilla/protocol), every problem at once.
export type PolicyKind = 'semver' | 'alphabetical' | 'numerical';
export type DigestReflection = 'Never' | 'IfNotPresent' | 'Always';

export interface ImagePolicyFormState {
  /** The policy's namespace: the hub's default for a new one; an existing one's cannot change. */
  namespace: string;
  name: string;
  /** `namespace/name` of the ImageRepository. */
  repository: string;
  kind: PolicyKind;
  range: string;
  order: 'asc' | 'desc';
  pattern: string;
  extract: string;
  digestReflection: DigestReflection;
  interval: string;
  suspend: boolean;
  labels: KeyValueRow[];
}

export type ImagePolicyFormField = 'name' | 'repository' | 'range' | 'order' | 'pattern' | 'extract' | 'digestReflection' | 'interval';
export type ImagePolicyFormErrors = Partial<Record<ImagePolicyFormField, string>>;

export const POLICY_NAMESPACE = 'flotilla-system';

export function emptyImagePolicyForm(repository = ''): ImagePolicyFormState {
  return {
    namespace: POLICY_NAMESPACE,
    name: '',
    repository,
    kind: 'semver',
    range: '',
    order: 'asc',
    pattern: '',
    extract: '',
    digestReflection: 'Never',
    interval: '',
    suspend: false,
    labels: [],
  };
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The edit form starts from the policy as the hub returned it (Flux's spec.policy and spec.filterTags). */
export function formFromImagePolicy(p: ImagePolicy): ImagePolicyFormState {
  const policy = record(p.policy);
  const kind: PolicyKind = policy.semver ? 'semver' : policy.numerical ? 'numerical' : 'alphabetical';
  const filter = record(p.filterTags);
  return {
    namespace: p.namespace,
    name: p.name,
    repository: p.imageRepository,
    kind,
    range: text(record(policy.semver).range),
    order: text(record(policy[kind]).order) === 'desc' ? 'desc' : 'asc',
    pattern: text(filter.pattern),
    extract: text(filter.extract),
    digestReflection: (['IfNotPresent', 'Always'] as const).find((d) => d === p.digestReflectionPolicy) ?? 'Never',
    interval: p.interval ?? '',
    suspend: p.suspend,
    labels: p.labels.map((l) => ({ key: l.key, value: l.value })),
  };
}

function repositoryRef(s: ImagePolicyFormState): { name: string; namespace?: string } {
  const [namespace, name] = s.repository.includes('/') ? s.repository.split('/', 2) : [undefined, s.repository];
  return { name: name ?? '', ...(namespace ? { namespace } : {}) };
}

function choice(s: ImagePolicyFormState) {
  if (s.kind === 'semver') return { semver: { range: s.range.trim() } };
  return { [s.kind]: { order: s.order } };
}

function filterTags(s: ImagePolicyFormState): { pattern?: string; extract?: string } | undefined {
  if (s.pattern === '' && s.extract === '') return undefined;
  return { ...(s.pattern !== '' ? { pattern: s.pattern } : {}), ...(s.extract !== '' ? { extract: s.extract } : {}) };
}

/** Flux's spec, as the hub builds it from the input. */
function specOf(s: ImagePolicyFormState): ImagePolicySpecInput {
  const tags = filterTags(s);
  return {
    imageRepositoryRef: repositoryRef(s),
    policy: choice(s),
    ...(tags ? { filterTags: tags } : {}),
    digestReflectionPolicy: s.digestReflection,
    ...(s.interval.trim() !== '' ? { interval: s.interval.trim() } : {}),
    suspend: s.suspend,
  };
}

/** A spec path (`policy.semver.range`, `interval`) to the form field that holds it. */
function fieldOfPath(path: readonly PropertyKey[]): ImagePolicyFormField {
  const p = path.map(String);
  if (p[0] === 'imageRepositoryRef') return 'repository';
  if (p[0] === 'policy') return p.includes('order') ? 'order' : 'range';
  if (p[0] === 'filterTags') return p[1] === 'extract' ? 'extract' : 'pattern';
  if (p[0] === 'digestReflectionPolicy') return 'digestReflection';
  // Flux's CEL rules tying digest reflection and interval together have no path: the interval is at fault.
  return 'interval';
}

export function validateImagePolicyForm(s: ImagePolicyFormState): ImagePolicyFormErrors {
  const errors: ImagePolicyFormErrors = {};
  const set = (field: ImagePolicyFormField, message: string | null) => {
    if (message && !errors[field]) errors[field] = message;
  };
  set('name', objectNameError(s.name.trim()));
  if (repositoryRef(s).name === '') set('repository', 'Choose the image repository whose tags the policy reads.');
  if (s.kind === 'semver' && s.range.trim() === '') set('range', 'Enter a SemVer range, e.g. ~1.0 or >=1.0.0 <2.0.0.');
  const spec = specOf(s);
  const parsed = imagePolicySpec.safeParse(spec);
  if (!parsed.success) for (const issue of parsed.error.issues) set(fieldOfPath(issue.path), plainMessage(issue.message));
  for (const problem of imagePolicyCompileProblems(spec)) set(fieldOfPath(problem.path.split('.')), plainMessage(problem.message));
  if (s.extract !== '' && s.pattern === '') set('pattern', 'An extract template reads the groups of a pattern: enter the pattern.');
  return errors;
}

/** The part of the form that decides the tag, once it is valid; null while it is not. */
export function toImagePolicyPreviewInput(s: ImagePolicyFormState): ImagePolicyPreviewInput | null {
  const errors = validateImagePolicyForm(s);
  if (errors.repository || errors.range || errors.order || errors.pattern || errors.extract) return null;
  const tags = filterTags(s);
  return { namespace: s.namespace, imageRepositoryRef: repositoryRef(s), policy: choice(s), ...(tags ? { filterTags: tags } : {}) };
}

export function toImagePolicyInput(s: ImagePolicyFormState): ImagePolicyInput {
  const tags = filterTags(s);
  return {
    namespace: s.namespace,
    name: s.name.trim(),
    labels: filledRows(s.labels),
    imageRepositoryRef: repositoryRef(s),
    policy: choice(s),
    filterTags: tags ?? null,
    digestReflectionPolicy: s.digestReflection,
    interval: s.interval.trim() === '' ? null : s.interval.trim(),
    suspend: s.suspend,
  };
}

/** Places a hub BAD_USER_INPUT `extensions.field` (`policy`, `imageRepositoryRef.name`, `filterTags.pattern`) on a field. */
export function imagePolicyFieldFromServer(field: string | undefined): ImagePolicyFormField | null {
  if (!field) return null;
  if (field === 'name') return 'name';
  if (field.startsWith('labels')) return null;
  return fieldOfPath(field.split('.'));
}
