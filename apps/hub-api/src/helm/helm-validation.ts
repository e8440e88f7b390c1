import type { RegistryTls } from '@flotilla/oci-client';
import { helmReleaseSpec, helmRepositorySpec, type HelmReleaseSpec } from '@flotilla/protocol/flux';
import { compileDriftIgnore, FLUX_KINDS, parseTargetPath, semverRangeProblem } from '@flotilla/reconcile-core';
import { httpCredentialsSchema } from '@flotilla/git-source';
import { validLabels } from '../clusters/cluster-input.validation.js';
import { badInput } from '../common/domain-error.js';
import { unknownField } from '../common/unknown-field.js';
import type { ImageCredentials } from '../images/image-credentials.sealed.js';
import { validRegistryCredentials } from '../images/image-repository.validation.js';
import { validatePlacement, type Placement } from '../kustomizations/placement.js';
import { validNamespace, validObjectName } from '../sources/git-repository.validation.js';
import { validRegistryTls } from '../sources/registry-tls/registry-tls.validation.js';
import { validOverlays, type ValuesOverlay } from './cluster-values.js';
import { chartDir } from './git-chart.js';
import type { HelmReleaseInput, HelmRepositoryInput } from './dto/helm.inputs.js';

// The edge of hub HelmRepositories and HelmReleases: Flux's own definitions (@flotilla/protocol/flux, what the
// UI checks too) plus what the hub supports. Errors are BAD_USER_INPUT naming the field.

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null && Object.hasOwn(node, key) ? (node as Record<PropertyKey, unknown>)[key] : undefined), input);

const firstIssue = (error: { issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[] }, input: unknown): { field: string; message: string } => {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.');
  const field = path ? `spec.${path}` : 'spec';
  // zod says "expected string, received undefined" for a field that is not there: say it is required.
  const missing = issue?.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
  return { field, message: `${field}: ${missing ? 'is required' : (issue?.message ?? 'invalid')}` };
};

export interface ValidHelmRepository {
  namespace: string;
  name: string;
  type: 'default' | 'oci';
  url: string;
  insecure: boolean;
  interval: string;
  timeout: string;
  passCredentials: boolean;
  suspend: boolean;
  labels: Record<string, string> | undefined;
  /** Basic for either type; a docker config for type oci only. */
  credentials: ImageCredentials | undefined;
  tls: RegistryTls | undefined;
}

export function validateHelmRepositoryInput(input: HelmRepositoryInput): ValidHelmRepository {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  const interval = input.interval?.trim() || '10m';
  const timeout = input.timeout?.trim() || '60s';
  const type = input.type?.trim() || 'default';
  if (type !== 'default' && type !== 'oci') throw badInput('type', 'type: must be default or oci');
  const parsed = helmRepositorySpec.safeParse({ url: input.url, interval, timeout, type });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'url';
    throw badInput(field, `${field}: ${issue?.message ?? 'invalid'}`);
  }
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw badInput('url', 'url: not a URL');
  }
  // Flux: a HelmRepository of type oci has an oci:// URL, one of type default an http(s):// URL.
  if (type === 'oci' && url.protocol !== 'oci:') throw badInput('url', 'url: a HelmRepository of type oci needs an oci:// URL');
  if (type === 'default' && url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput('url', `url: a HelmRepository of type default needs an http:// or https:// URL${url.protocol === 'oci:' ? ' (set type oci for a registry)' : ''}`);
  if (input.insecure && type !== 'oci') throw badInput('insecure', 'insecure: only for type oci');
  if (input.passCredentials && type === 'oci') throw badInput('passCredentials', 'passCredentials: only for type default');
  if (url.username || url.password) throw badInput('url', 'url: put credentials in the credentials fields, not in the URL');
  let credentials: ImageCredentials | undefined;
  if (input.credentials && type === 'oci') {
    // A registry: basic or a docker config naming its host, as an OCIRepository's credentials.
    credentials = validRegistryCredentials(input.credentials, url.host);
  } else if (input.credentials) {
    if (input.credentials.dockerConfigJson) throw badInput('credentials.dockerConfigJson', 'credentials.dockerConfigJson: only for type oci (a registry); a chart repository takes a username and password');
    const c = httpCredentialsSchema.safeParse({ username: input.credentials.username, password: input.credentials.password });
    if (!c.success) throw badInput('credentials', `credentials: ${c.error.issues[0]?.path.join('.') || 'credentials'} ${c.error.issues[0]?.message ?? 'invalid'}`);
    if (!('username' in c.data)) throw badInput('credentials', 'credentials: a username and password');
    credentials = c.data;
  }
  if (credentials && input.clearCredentials) throw badInput('clearCredentials', 'give credentials or clearCredentials, not both');
  const tls = validRegistryTls(input.tls, input.clearTls);
  if (tls && type === 'default' && url.protocol !== 'https:') throw badInput('tls', 'tls: a CA or client certificate is for an https:// URL');
  if (tls && input.insecure) throw badInput('tls', 'tls: a CA or client certificate is for HTTPS; insecure speaks plain HTTP');
  return {
    namespace,
    name,
    type,
    url: input.url,
    insecure: Boolean(input.insecure),
    interval,
    timeout,
    passCredentials: Boolean(input.passCredentials),
    suspend: Boolean(input.suspend),
    labels: input.labels ? validLabels(input.labels, 'labels') : undefined,
    credentials,
    tls,
  };
}

export interface ValidHelmRelease {
  namespace: string;
  name: string;
  spec: HelmReleaseSpec;
  overlays: ValuesOverlay[];
  placement: Placement;
  labels: Record<string, string> | undefined;
}

export function validateHelmReleaseInput(input: HelmReleaseInput): ValidHelmRelease {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  const parsed = helmReleaseSpec.safeParse(input.spec);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error, input.spec);
    throw badInput(field, message);
  }
  const unknown = unknownField(input.spec, parsed.data);
  if (unknown) throw badInput(`spec.${unknown.join('.')}`, `spec.${unknown.join('.')}: unknown field "${unknown.at(-1)}"`);
  const spec = parsed.data;
  // Flux's CEL rule on HelmReleaseSpec: exactly one of chart and chartRef (the schema above checks it too).
  if ((spec.chart === undefined) === (spec.chartRef === undefined)) throw badInput('spec.chart', 'spec.chart: set one of chart and chartRef');
  if (spec.chartRef) {
    // The hub has OCIRepositories but no HelmChart objects (it resolves chart.spec itself) and serves
    // ExternalArtifacts only as its own output, so a hub release's chartRef names a hub OCIRepository whose
    // artifact is the chart. A missing one is recorded on the release (as a missing chart.spec source is).
    const kind = spec.chartRef.kind;
    if (kind === FLUX_KINDS.HelmChart.kind) throw badInput('spec.chartRef.kind', 'spec.chartRef.kind: the hub has no HelmChart objects; use chart.spec (the hub builds the chart) or chartRef to an OCIRepository');
    if (kind !== FLUX_KINDS.OCIRepository.kind) throw badInput('spec.chartRef.kind', `spec.chartRef.kind: a hub HelmRelease’s chartRef names a hub OCIRepository, not ${kind}`);
    if (spec.chartRef.namespace !== undefined) validNamespace(spec.chartRef.namespace, 'spec.chartRef.namespace');
    validObjectName(spec.chartRef.name, 'spec.chartRef.name');
  } else if (spec.chart?.spec.sourceRef.kind === FLUX_KINDS.GitRepository.kind) {
    // As in Flux, `chart` is then the chart's path in the repository and `version` is not used.
    if (!chartDir(spec.chart.spec.chart)) throw badInput('spec.chart.spec.chart', 'spec.chart.spec.chart: the path of the chart in the GitRepository, e.g. ./charts/app');
  } else if (spec.chart?.spec.sourceRef.kind === FLUX_KINDS.HelmRepository.kind) {
    const range = semverRangeProblem(spec.chart.spec.version);
    if (range) throw badInput('spec.chart.spec.version', `spec.chart.spec.version: ${range}`);
  } else throw badInput('spec.chart.spec.sourceRef.kind', 'spec.chart.spec.sourceRef.kind: must be HelmRepository or GitRepository (the hub’s)');
  if (spec.values !== undefined && (typeof spec.values !== 'object' || spec.values === null || Array.isArray(spec.values))) throw badInput('spec.values', 'spec.values: values must be a map');
  // What the agent would stop on (InitFailed, InvalidSpec) is refused here, with the agent's own parsers.
  spec.valuesFrom?.forEach((ref, i) => {
    const parsed = ref.targetPath === undefined ? undefined : parseTargetPath(ref.targetPath);
    if (parsed && !parsed.ok) throw badInput(`spec.valuesFrom.${i}.targetPath`, `spec.valuesFrom.${i}.targetPath: ${parsed.message}`);
  });
  spec.driftDetection?.ignore?.forEach((rule, i) => {
    const compiled = compileDriftIgnore([rule]);
    if (!compiled.ok) throw badInput(`spec.driftDetection.ignore.${i}`, `spec.driftDetection.ignore.${i}: ${compiled.errors[0]!.message.replace(/^ignore\[0\]\./, '')}`);
  });
  const placement = validatePlacement(input.placement ?? {}, 'placement');
  return { namespace, name, spec, overlays: validOverlays(input.overlays), placement, labels: input.labels ? validLabels(input.labels, 'labels') : undefined };
}
