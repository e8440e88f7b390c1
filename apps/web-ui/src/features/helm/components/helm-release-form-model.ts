import { helmReleaseSpec } from '@flotilla/protocol/flux';
import { semverRangeProblem } from '@flotilla/reconcile-core/semver';
import { stringify } from 'yaml';
import { durationError } from '../../../lib/flux/duration';
import { objectNameError, splitList } from '../../../lib/flux/names';
import { recordOf, stringOf } from '../../../lib/flux/spec-reading';
import type { HelmReleaseInput } from '../../../lib/graphql/operation-types.gen';
import { labelSelectorError } from '../../../lib/kubernetes/label-selector';
import { clusterNameError } from '../../../lib/kubernetes/label-validation';
import type { HubHelmRelease } from '../api/list-hub-helm';
import { driftFormOf, driftProblems, driftSpec, type DriftMode, type IgnoreRuleRow } from './drift-detection-model';
import { postRendererFieldOf, postRenderersOf, postRenderProblems, postRenderersSpec, type PostRendererRow } from './post-renderers-model';
import { valuesFromProblems, valuesFromRows, valuesFromSpec, type ValuesFromRow } from './values-from-model';

// The HelmRelease form as plain data: state ⇄ the hub's input (a Flux HelmRelease spec, overlays, placement),
// and validation, every problem at once, with the hub's rules: Flux's zod definition of the spec
// (@flotilla/protocol), reconcile-core's semver ranges (the ones the hub resolves charts with), Kubernetes
// label selectors; valuesFrom target paths, drift ignore rules and patch targets with the parsers the agent
// runs. Values are checked by the values editor (YAML and the chart's schema). Spec fields the form does not
// show (commonMetadata, a post-renderer's fields other than kustomize patches and images, a valuesFrom reference's `literal`…) are kept as they were.

export type CrdsPolicy = '' | 'Skip' | 'Create' | 'CreateReplace';

export interface OverlayRow {
  clusterSelector: string;
  values: string;
}

export interface HelmReleaseFormState {
  namespace: string | null;
  name: string;
  /** `namespace/name` of the hub HelmRepository. */
  repository: string;
  chart: string;
  version: string;
  clusterSelector: string;
  clusterNames: string;
  targetNamespace: string;
  releaseName: string;
  interval: string;
  timeout: string;
  /** `name` or `namespace/name`, comma separated. */
  dependsOn: string;
  suspend: boolean;
  createNamespace: boolean;
  installCrds: CrdsPolicy;
  installRetries: string;
  upgradeCrds: CrdsPolicy;
  upgradeRetries: string;
  upgradeRemediation: '' | 'rollback' | 'uninstall';
  upgradeCleanupOnFail: boolean;
  upgradeForce: boolean;
  testEnable: boolean;
  testIgnoreFailures: boolean;
  rollbackCleanupOnFail: boolean;
  rollbackForce: boolean;
  uninstallKeepHistory: boolean;
  deletionPropagation: 'background' | 'foreground' | 'orphan';
  /** YAML text of `spec.values`. */
  values: string;
  overlays: OverlayRow[];
  valuesFrom: ValuesFromRow[];
  driftMode: DriftMode;
  driftIgnore: IgnoreRuleRow[];
  /** `spec.postRenderers`, in order: each one's kustomize patches and images. */
  postRenderers: PostRendererRow[];
  /** The stored spec, so fields the form does not show survive an edit. */
  base: Record<string, unknown>;
}

export type HelmReleaseFormErrors = Record<string, string>;

export function emptyHelmReleaseForm(repository = ''): HelmReleaseFormState {
  return {
    namespace: null,
    name: '',
    repository,
    chart: '',
    version: '*',
    clusterSelector: '',
    clusterNames: '',
    targetNamespace: '',
    releaseName: '',
    interval: '5m',
    timeout: '',
    dependsOn: '',
    suspend: false,
    createNamespace: false,
    installCrds: '',
    installRetries: '',
    upgradeCrds: '',
    upgradeRetries: '',
    upgradeRemediation: '',
    upgradeCleanupOnFail: false,
    upgradeForce: false,
    testEnable: false,
    testIgnoreFailures: false,
    rollbackCleanupOnFail: false,
    rollbackForce: false,
    uninstallKeepHistory: false,
    deletionPropagation: 'background',
    values: '',
    overlays: [],
    valuesFrom: [],
    driftMode: '',
    driftIgnore: [],
    postRenderers: [],
    base: {},
  };
}

const num = (v: unknown): string => (typeof v === 'number' ? String(v) : '');
const yamlText = (v: unknown): string => (Object.keys(recordOf(v)).length ? stringify(v) : '');
const crds = (v: unknown): CrdsPolicy => (v === 'Skip' || v === 'Create' || v === 'CreateReplace' ? v : '');

export function formFromHelmRelease(r: HubHelmRelease): HelmReleaseFormState {
  const spec = recordOf(r.spec);
  const chart = recordOf(recordOf(spec.chart).spec);
  const ref = recordOf(chart.sourceRef);
  const install = recordOf(spec.install);
  const upgrade = recordOf(spec.upgrade);
  const test = recordOf(spec.test);
  const rollback = recordOf(spec.rollback);
  const uninstall = recordOf(spec.uninstall);
  const deps = Array.isArray(spec.dependsOn) ? spec.dependsOn.map(recordOf) : [];
  const propagation = stringOf(uninstall.deletionPropagation);
  const remediation = stringOf(recordOf(upgrade.remediation).strategy);
  return {
    namespace: r.namespace,
    name: r.name,
    repository: `${stringOf(ref.namespace) || r.namespace}/${stringOf(ref.name)}`,
    chart: stringOf(chart.chart),
    version: stringOf(chart.version) || '*',
    clusterSelector: r.placement.clusterSelector ?? '',
    clusterNames: r.placement.clusterNames.join(', '),
    targetNamespace: stringOf(spec.targetNamespace),
    releaseName: stringOf(spec.releaseName),
    interval: stringOf(spec.interval),
    timeout: stringOf(spec.timeout),
    dependsOn: deps.map((d) => (d.namespace ? `${stringOf(d.namespace)}/${stringOf(d.name)}` : stringOf(d.name))).join(', '),
    suspend: spec.suspend === true,
    createNamespace: install.createNamespace === true,
    installCrds: crds(install.crds),
    installRetries: num(recordOf(install.remediation).retries),
    upgradeCrds: crds(upgrade.crds),
    upgradeRetries: num(recordOf(upgrade.remediation).retries),
    upgradeRemediation: remediation === 'rollback' || remediation === 'uninstall' ? remediation : '',
    upgradeCleanupOnFail: upgrade.cleanupOnFail === true,
    upgradeForce: upgrade.force === true,
    testEnable: test.enable === true,
    testIgnoreFailures: test.ignoreFailures === true,
    rollbackCleanupOnFail: rollback.cleanupOnFail === true,
    rollbackForce: rollback.force === true,
    uninstallKeepHistory: uninstall.keepHistory === true,
    deletionPropagation: propagation === 'foreground' || propagation === 'orphan' ? propagation : 'background',
    values: yamlText(spec.values),
    overlays: r.overlays.map((o) => ({ clusterSelector: o.clusterSelector, values: yamlText(o.values) })),
    valuesFrom: valuesFromRows(spec),
    ...driftFormOf(spec),
    postRenderers: postRenderersOf(spec),
    base: spec,
  };
}

/** Drops keys whose value is undefined, false or '' and objects left empty, so an untouched option adds nothing to the spec. */
function compact(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const out = Object.fromEntries(
    Object.entries(o)
      .map(([k, v]) => [k, typeof v === 'object' && v !== null && !Array.isArray(v) ? compact(v as Record<string, unknown>) : v] as const)
      .filter(([, v]) => v !== undefined && v !== false && v !== ''),
  );
  return Object.keys(out).length ? out : undefined;
}

const retries = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v.trim()));

function dependsOnOf(text: string): { name: string; namespace?: string }[] {
  return splitList(text).map((d) => {
    const [a, b] = d.split('/', 2);
    return b === undefined ? { name: a ?? '' } : { namespace: a ?? '', name: b };
  });
}

/** The spec the form describes, over the stored one; `values` is the parsed YAML of the editor. */
export function specOf(s: HelmReleaseFormState, values: Record<string, unknown>): Record<string, unknown> {
  const b = s.base;
  const [repoNs, repoName] = s.repository.includes('/') ? s.repository.split('/', 2) : [undefined, s.repository];
  const spec: Record<string, unknown> = {
    ...b,
    chart: {
      ...recordOf(b.chart),
      spec: {
        ...recordOf(recordOf(b.chart).spec),
        chart: s.chart.trim(),
        version: s.version.trim() || '*',
        sourceRef: { kind: 'HelmRepository', name: repoName ?? '', ...(repoNs ? { namespace: repoNs } : {}) },
      },
    },
    interval: s.interval.trim(),
    install: compact({ ...recordOf(b.install), createNamespace: s.createNamespace, crds: s.installCrds || undefined, remediation: { ...recordOf(recordOf(b.install).remediation), retries: retries(s.installRetries) } }),
    upgrade: compact({
      ...recordOf(b.upgrade),
      crds: s.upgradeCrds || undefined,
      cleanupOnFail: s.upgradeCleanupOnFail,
      force: s.upgradeForce,
      remediation: { ...recordOf(recordOf(b.upgrade).remediation), retries: retries(s.upgradeRetries), strategy: s.upgradeRemediation || undefined },
    }),
    test: compact({ ...recordOf(b.test), enable: s.testEnable, ignoreFailures: s.testIgnoreFailures }),
    rollback: compact({ ...recordOf(b.rollback), cleanupOnFail: s.rollbackCleanupOnFail, force: s.rollbackForce }),
    uninstall: compact({ ...recordOf(b.uninstall), keepHistory: s.uninstallKeepHistory, deletionPropagation: s.deletionPropagation === 'background' ? undefined : s.deletionPropagation }),
    valuesFrom: valuesFromSpec(s.valuesFrom),
    values: Object.keys(values).length ? values : undefined,
    driftDetection: driftSpec(s.driftMode, s.driftIgnore, b.driftDetection),
    postRenderers: postRenderersSpec(s.postRenderers),
    targetNamespace: s.targetNamespace.trim() || undefined,
    releaseName: s.releaseName.trim() || undefined,
    timeout: s.timeout.trim() || undefined,
    dependsOn: s.dependsOn.trim() ? dependsOnOf(s.dependsOn) : undefined,
    suspend: s.suspend || undefined,
  };
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
}

/** Where a path of the spec is edited in the form. */
export function fieldOfSpecPath(path: readonly (string | number)[]): string {
  const p = path.map(String);
  const at = (i: number) => p[i];
  if (at(0) === 'chart') return at(2) === 'version' ? 'version' : at(2) === 'sourceRef' ? 'repository' : 'chart';
  if (at(0) === 'install') return at(1) === 'remediation' ? 'installRetries' : at(1) === 'crds' ? 'installCrds' : 'install';
  if (at(0) === 'upgrade') return at(1) === 'remediation' ? (at(2) === 'strategy' ? 'upgradeRemediation' : 'upgradeRetries') : at(1) === 'crds' ? 'upgradeCrds' : 'upgrade';
  if (at(0) === 'values') return 'values';
  if (at(0) === 'valuesFrom') return at(1) === undefined ? 'valuesFrom' : `valuesFrom.${at(1)}.${['kind', 'valuesKey', 'targetPath'].includes(at(2) ?? '') ? at(2) : 'name'}`;
  if (at(0) === 'driftDetection') {
    if (at(1) !== 'ignore' || at(2) === undefined) return 'driftMode';
    return at(3) === 'target' && at(4) ? `driftIgnore.${at(2)}.target.${at(4)}` : `driftIgnore.${at(2)}.paths`;
  }
  if (at(0) === 'postRenderers') return postRendererFieldOf(p);
  return ['interval', 'timeout', 'targetNamespace', 'releaseName', 'dependsOn'].includes(at(0) ?? '') ? (at(0) as string) : 'spec';
}

/** Every problem of the form fields (values: see the values editor's own check, passed in as `valueProblems`). */
export function validateHelmReleaseForm(s: HelmReleaseFormState, values: Record<string, unknown>): HelmReleaseFormErrors {
  const errors: HelmReleaseFormErrors = {};
  const set = (f: string, m: string | null | undefined) => {
    if (m && !errors[f]) errors[f] = m;
  };
  set('name', objectNameError(s.name));
  if (!s.repository.trim()) set('repository', 'Choose the Helm repository the chart comes from.');
  if (!s.chart.trim()) set('chart', 'The chart name is required.');
  const range = semverRangeProblem(s.version.trim() || '*');
  if (range) set('version', `Not a version range the hub can use (${range}). E.g. 1.x, ~1.2, >=1.0.0 <2.0.0 or *.`);
  set('interval', durationError(s.interval));
  set('timeout', durationError(s.timeout, { required: false }));
  if (s.clusterSelector.trim()) set('clusterSelector', labelSelectorError(s.clusterSelector.trim()));
  for (const n of splitList(s.clusterNames)) set('clusterNames', clusterNameError(n));
  for (const [f, v] of [['installRetries', s.installRetries], ['upgradeRetries', s.upgradeRetries]] as const)
    if (v.trim() !== '' && !/^-?\d+$/.test(v.trim())) set(f, 'A whole number of retries (negative: retry forever).');
  s.overlays.forEach((o, i) => {
    const sel = o.clusterSelector.trim();
    set(`overlays.${i}.clusterSelector`, sel === '' ? 'A label selector is required.' : labelSelectorError(sel));
  });
  for (const [f, m] of Object.entries({ ...valuesFromProblems(s.valuesFrom), ...driftProblems(s.driftIgnore), ...postRenderProblems(s.postRenderers) })) set(f, m);
  const parsed = helmReleaseSpec.safeParse(specOf(s, values));
  if (!parsed.success) for (const issue of parsed.error.issues) set(fieldOfSpecPath(issue.path as (string | number)[]), issue.message);
  return errors;
}

export function toHelmReleaseInput(s: HelmReleaseFormState, values: Record<string, unknown>, overlays: Record<string, unknown>[]): HelmReleaseInput {
  return {
    ...(s.namespace ? { namespace: s.namespace } : {}),
    name: s.name.trim(),
    spec: specOf(s, values),
    overlays: s.overlays.map((o, i) => ({ clusterSelector: o.clusterSelector.trim(), values: overlays[i] ?? {} })),
    placement: { clusterSelector: s.clusterSelector.trim() || null, clusterNames: splitList(s.clusterNames) },
  };
}

/** The hub's `extensions.field` (`spec.chart.spec.version`, `overlays.0.values`, `placement.clusterSelector`…) as a form field. */
export function helmReleaseFieldFromServer(field: string | undefined): string | null {
  if (!field) return null;
  if (field === 'name') return 'name';
  if (field.startsWith('spec.')) return fieldOfSpecPath(field.slice(5).split('.'));
  if (field === 'spec') return 'spec';
  if (/^overlays\.\d+\.(clusterSelector|values)$/.test(field)) return field;
  if (field.startsWith('placement.')) return field.includes('clusterNames') ? 'clusterNames' : 'clusterSelector';
  return null;
}
