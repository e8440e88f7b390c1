import { useMemo, useState, type FormEvent } from 'react';
import { mergeValues } from '@flotilla/reconcile-core/helm-values';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { placeServerError } from '../../../lib/forms/place-server-error';
import { useDebounced } from '../../../lib/use-debounced';
import { PlacementPreview } from '../../kustomizations/components/placement-preview';
import { useHelmChartInfo } from '../api/helm-chart-info';
import type { HubHelmRelease, HubHelmRepository } from '../api/list-hub-helm';
import { useSaveHelmRelease } from '../api/save-helm';
import { useProposeHelmReleaseEdit } from '../api/propose-helm-release-edit';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import {
  emptyHelmReleaseForm,
  formFromHelmRelease,
  helmReleaseFieldFromServer,
  toHelmReleaseInput,
  validateHelmReleaseForm,
  type CrdsPolicy,
  type HelmReleaseFormState,
} from './helm-release-form-model';
import { DriftDetectionFields } from './drift-detection-fields';
import { PostRendererFields } from './post-renderer-fields';
import { RenderedValuesPreview } from './rendered-values-preview';
import { checkValues, defaultsOf, valuesSchemaOf } from './values-check';
import { ValuesEditor } from './values-editor';
import { ValuesFromFields } from './values-from-fields';
import styles from '../../../components/form.module.css';

const CRDS: readonly CrdsPolicy[] = ['', 'Skip', 'Create', 'CreateReplace'];

/**
 * Create (no `existing`) or edit a hub HelmRelease: chart, placement, Helm action options, drift detection, the
 * kustomize post-renderer, values from ConfigMaps and Secrets, values and per-cluster overlays.
 */
export function HelmReleaseForm({
  existing,
  repositories,
  onSaved,
  onCancel,
  proposeInGit,
}: {
  existing?: HubHelmRelease;
  /** One managed by git: the edit is proposed in git instead of saved. */
  proposeInGit?: ProposeInGit;
  repositories: readonly HubHelmRepository[];
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const [state, setState] = useState<HelmReleaseFormState>(() =>
    existing ? formFromHelmRelease(existing) : emptyHelmReleaseForm(repositories[0] ? `${repositories[0].namespace}/${repositories[0].name}` : ''),
  );
  const [submitted, setSubmitted] = useState(false);
  const patch = (p: Partial<HelmReleaseFormState>) => setState((s) => ({ ...s, ...p }));
  const saveHere = useSaveHelmRelease();
  const propose = useProposeHelmReleaseEdit();
  const save = existing && proposeInGit ? propose : saveHere;

  // The chart the editor checks against: the one the fields name, once they settle.
  // Debounced as one string: an object would be new on every render and never settle.
  const settled = useDebounced([state.repository, state.chart.trim(), state.version.trim() || '*'].join('\n'), 400);
  const [repository = '', chart = '', version = '*'] = settled.split('\n');
  const [repoNs, repoName] = repository.split('/', 2);
  const info = useHelmChartInfo({ namespace: repoNs ?? null, repository: repoName ?? '', chart, version }, Boolean(repoName && chart));
  const schema = useMemo(() => valuesSchemaOf(info.data?.valuesSchema), [info.data?.valuesSchema]);
  const defaults = useMemo(() => defaultsOf(info.data?.defaultValues), [info.data?.defaultValues]);
  const main = useMemo(() => checkValues(state.values, defaults, schema), [state.values, defaults, schema]);
  const overlayChecks = useMemo(
    () => state.overlays.map((o) => checkValues(o.values, mergeValues(defaults, main.values ?? {}), schema)),
    [state.overlays, defaults, main.values, schema],
  );

  const errors = validateHelmReleaseForm(state, main.values ?? {});
  const placed = placeServerError(save.error, helmReleaseFieldFromServer, null);
  const fieldError = (f: string) => (submitted ? errors[f] : undefined) ?? (placed?.field === f ? placed.message : null);
  const valuesBlocked = main.issues.length > 0 || overlayChecks.some((c) => c.issues.length > 0);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0 || valuesBlocked || !main.values) return;
    const input = toHelmReleaseInput(state, main.values, overlayChecks.map((c) => c.values ?? {}));
    if (existing && proposeInGit) propose.mutate({ id: existing.id, input }, { onSuccess: (r) => proposeInGit.onProposed(r.id) });
    else saveHere.mutate({ id: existing?.id ?? null, input }, { onSuccess: (r) => onSaved(r.id) });
  };

  const setOverlay = (i: number, p: Partial<HelmReleaseFormState['overlays'][number]>) =>
    patch({ overlays: state.overlays.map((o, n) => (n === i ? { ...o, ...p } : o)) });

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Helm release">
      <Card title="Chart">
        <div className={styles.grid}>
          <TextField label="Name" value={state.name} onChange={(e) => patch({ name: e.target.value })} readOnly={Boolean(existing)} error={fieldError('name')} mono autoComplete="off" />
          <SelectField label="Helm repository" value={state.repository} onChange={(e) => patch({ repository: e.target.value })} error={fieldError('repository')}>
            {repositories.length === 0 && <option value="">No Helm repository yet</option>}
            {repositories.map((r) => (
              <option key={r.id} value={`${r.namespace}/${r.name}`}>
                {r.namespace}/{r.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className={styles.grid}>
          <TextField label="Chart" value={state.chart} onChange={(e) => patch({ chart: e.target.value })} error={fieldError('chart')} placeholder="podinfo" mono autoComplete="off" />
          <TextField
            label="Version range"
            hint="A SemVer range (Masterminds rules, as helm and Flux): 1.x, ~1.2, >=1.0.0 <2.0.0, * for the latest."
            value={state.version}
            onChange={(e) => patch({ version: e.target.value })}
            error={fieldError('version')}
            mono
          />
        </div>
        {info.isError && chart && <p className={styles.hint} role="status">The hub could not read this chart: {info.error.message}</p>}
        {info.data && <p className={styles.hint} role="status">Chart {info.data.chart} {info.data.version}{info.data.valuesSchema ? ', with a values.schema.json: values are checked against it.' : ', without values.schema.json.'}</p>}
      </Card>
      <Card title="Placement">
        <div className={styles.grid}>
          <TextField label="Cluster selector" value={state.clusterSelector} onChange={(e) => patch({ clusterSelector: e.target.value })} error={fieldError('clusterSelector')} placeholder="env=prod" mono />
          <TextField label="Cluster names" hint="Comma separated." value={state.clusterNames} onChange={(e) => patch({ clusterNames: e.target.value })} error={fieldError('clusterNames')} mono />
        </div>
        <PlacementPreview selector={state.clusterSelector} clusterNames={state.clusterNames} />
      </Card>
      <Card title="Release">
        <div className={styles.grid}>
          <TextField label="Target namespace" value={state.targetNamespace} onChange={(e) => patch({ targetNamespace: e.target.value })} error={fieldError('targetNamespace')} hint="Default: the HelmRelease's namespace." mono />
          <TextField label="Release name" value={state.releaseName} onChange={(e) => patch({ releaseName: e.target.value })} error={fieldError('releaseName')} hint="Default: [<targetNamespace>-]<name>, shortened past 53 characters as Flux does." mono />
          <TextField label="Interval" value={state.interval} onChange={(e) => patch({ interval: e.target.value })} error={fieldError('interval')} mono />
          <TextField label="Timeout" value={state.timeout} onChange={(e) => patch({ timeout: e.target.value })} error={fieldError('timeout')} hint="Per Helm action; default 5m." mono />
        </div>
        <TextField label="Depends on" hint="HelmReleases installed first: name or namespace/name, comma separated." value={state.dependsOn} onChange={(e) => patch({ dependsOn: e.target.value })} error={fieldError('dependsOn')} mono />
        <CheckboxField label="Suspended" hint="The clusters keep the release as it is and stop reconciling it." checked={state.suspend} onChange={(suspend) => patch({ suspend })} />
      </Card>
      <Card title="Helm actions">
        <div className={styles.grid}>
          <SelectField label="Install: CRDs" value={state.installCrds} onChange={(e) => patch({ installCrds: e.target.value as CrdsPolicy })} error={fieldError('installCrds')}>
            {CRDS.map((c) => (
              <option key={c} value={c}>{c || 'Default (Create)'}</option>
            ))}
          </SelectField>
          <TextField label="Install: remediation retries" value={state.installRetries} onChange={(e) => patch({ installRetries: e.target.value })} error={fieldError('installRetries')} mono />
          <SelectField label="Upgrade: CRDs" value={state.upgradeCrds} onChange={(e) => patch({ upgradeCrds: e.target.value as CrdsPolicy })} error={fieldError('upgradeCrds')}>
            {CRDS.map((c) => (
              <option key={c} value={c}>{c || 'Default (Skip)'}</option>
            ))}
          </SelectField>
          <TextField label="Upgrade: remediation retries" value={state.upgradeRetries} onChange={(e) => patch({ upgradeRetries: e.target.value })} error={fieldError('upgradeRetries')} mono />
          <SelectField label="Upgrade: remediation" value={state.upgradeRemediation} onChange={(e) => patch({ upgradeRemediation: e.target.value as HelmReleaseFormState['upgradeRemediation'] })}>
            <option value="">Default (rollback)</option>
            <option value="rollback">rollback</option>
            <option value="uninstall">uninstall</option>
          </SelectField>
          <SelectField label="Uninstall: deletion propagation" value={state.deletionPropagation} onChange={(e) => patch({ deletionPropagation: e.target.value as HelmReleaseFormState['deletionPropagation'] })}>
            <option value="background">background</option>
            <option value="foreground">foreground</option>
            <option value="orphan">orphan</option>
          </SelectField>
        </div>
        <div className={styles.checks}>
          <CheckboxField label="Install: create the target namespace" checked={state.createNamespace} onChange={(createNamespace) => patch({ createNamespace })} />
          <CheckboxField label="Upgrade: clean up on failure" checked={state.upgradeCleanupOnFail} onChange={(upgradeCleanupOnFail) => patch({ upgradeCleanupOnFail })} />
          <CheckboxField label="Upgrade: force" checked={state.upgradeForce} onChange={(upgradeForce) => patch({ upgradeForce })} />
          <CheckboxField label="Test: run the chart's tests after install and upgrade" checked={state.testEnable} onChange={(testEnable) => patch({ testEnable })} />
          <CheckboxField label="Test: ignore failures" checked={state.testIgnoreFailures} onChange={(testIgnoreFailures) => patch({ testIgnoreFailures })} />
          <CheckboxField label="Rollback: clean up on failure" checked={state.rollbackCleanupOnFail} onChange={(rollbackCleanupOnFail) => patch({ rollbackCleanupOnFail })} />
          <CheckboxField label="Rollback: force" checked={state.rollbackForce} onChange={(rollbackForce) => patch({ rollbackForce })} />
          <CheckboxField label="Uninstall: keep history" checked={state.uninstallKeepHistory} onChange={(uninstallKeepHistory) => patch({ uninstallKeepHistory })} />
        </div>
        {fieldError('install') || fieldError('upgrade') || fieldError('spec') ? <p className={styles.error}>{fieldError('install') ?? fieldError('upgrade') ?? fieldError('spec')}</p> : null}
      </Card>
      <DriftDetectionFields mode={state.driftMode} rules={state.driftIgnore} onChange={patch} error={fieldError} />
      <PostRendererFields rows={state.postRenderers} onChange={(postRenderers) => patch({ postRenderers })} error={fieldError} />
      <ValuesFromFields rows={state.valuesFrom} onChange={(valuesFrom) => patch({ valuesFrom })} error={fieldError} />
      <Card title="Values">
        <ValuesEditor label="Values" value={state.values} onChange={(values) => patch({ values })} issues={main.issues} defaults={info.data ? info.data.defaultValues : null} error={placed?.field === 'values' ? placed.message : null} testId="values-editor" />
      </Card>
      <Card
        title="Per-cluster values"
        actions={
          <Button size="sm" onClick={() => patch({ overlays: [...state.overlays, { clusterSelector: '', values: '' }] })}>
            Add overlay
          </Button>
        }
      >
        {state.overlays.length === 0 && <p className={styles.hint}>No overlays: every cluster gets the values above (with its cluster variables, e.g. {'${cluster_name}'}, substituted).</p>}
        {state.overlays.map((o, i) => (
          <fieldset key={i} className={styles.fieldset} aria-label={`Overlay ${i + 1}`}>
            <legend className={styles.legend}>Overlay {i + 1}, merged over the values in order</legend>
            <TextField label={`Overlay ${i + 1} cluster selector`} value={o.clusterSelector} onChange={(e) => setOverlay(i, { clusterSelector: e.target.value })} error={fieldError(`overlays.${i}.clusterSelector`)} placeholder="region=eu" mono />
            <ValuesEditor
              label={`Overlay ${i + 1} values`}
              value={o.values}
              onChange={(values) => setOverlay(i, { values })}
              issues={overlayChecks[i]?.issues ?? []}
              defaults={null}
              error={placed?.field === `overlays.${i}.values` ? placed.message : null}
              testId={`overlay-${i}-values`}
            />
            <Button size="sm" variant="dangerOutline" onClick={() => patch({ overlays: state.overlays.filter((_, n) => n !== i) })}>
              Remove overlay {i + 1}
            </Button>
          </fieldset>
        ))}
      </Card>
      <Card title="Rendered values per cluster">
        <RenderedValuesPreview values={main.values} overlays={state.overlays.map((o, i) => ({ clusterSelector: o.clusterSelector.trim(), values: overlayChecks[i]?.values ?? null }))} />
      </Card>
      {save.isError && !placed && <ErrorAlert error={save.error} title={proposeInGit ? 'Could not propose the change' : existing ? 'Could not save the HelmRelease' : 'Could not create the HelmRelease'} />}
      {submitted && valuesBlocked && <p className={styles.error} role="alert">Fix the problems in the values first.</p>}
      <div className={styles.footer}>
        <Button onClick={onCancel} disabled={save.isPending}>
          Cancel
        </Button>
        <Button variant="primary" type="submit" busy={save.isPending}>
          {proposeInGit ? PROPOSE_LABEL : existing ? 'Save changes' : 'Create HelmRelease'}
        </Button>
      </div>
    </form>
  );
}
