import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { KeyValueEditor } from '../../../components/key-value-editor';
import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { isApiError } from '../../../lib/api-error';
import { placeServerError } from '../../../lib/forms/place-server-error';
import { labelSelectorError } from '../../../lib/kubernetes/label-selector';
import { useCreateKustomization } from '../api/create-kustomization';
import type { KustomizationDetail } from '../api/kustomization-types';
import { useSourceOptions } from '../api/list-source-options';
import { useUpdateKustomization } from '../api/update-kustomization';
import { useProposeKustomizationEdit } from '../api/propose-kustomization-edit';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import {
  emptyKustomizationForm,
  fieldFromServer,
  formFromKustomization,
  sourceKey,
  sourceRefOf,
  toKustomizationInput,
  validateKustomizationForm,
  type KustomizationFormField,
  type KustomizationFormState,
} from './kustomization-form-model';
import { PlacementPreview } from './placement-preview';
import { Dialog } from '../../../components/dialog';
import { KustomizationPreview } from '../../preview/components/kustomization-preview';
import { previewClusters } from '../../preview/components/preview-clusters';

/** A stored source the picker does not list, as `Kind/namespace/name`. */
const missingLabel = (key: string): string => {
  const ref = sourceRefOf(key);
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
};
import styles from '../../../components/form.module.css';

/**
 * Create (no `existing`) or edit a Kustomization; spec fields the form does not show are kept as stored. With
 * `proposeInGit` (one managed by git) the edit is proposed in git instead of saved.
 */
export function KustomizationForm({
  existing,
  onSaved,
  onCancel,
  proposeInGit,
}: {
  existing?: KustomizationDetail;
  onSaved: (id: string) => void;
  onCancel: () => void;
  proposeInGit?: ProposeInGit;
}) {
  const [state, setState] = useState<KustomizationFormState>(() =>
    existing ? formFromKustomization(existing) : emptyKustomizationForm(),
  );
  const [submitted, setSubmitted] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const sources = useSourceOptions();
  const create = useCreateKustomization();
  const update = useUpdateKustomization();
  const propose = useProposeKustomizationEdit();
  const mutation = existing ? (proposeInGit ? propose : update) : create;
  const check = validateKustomizationForm(state);
  const serverError = mutation.error;
  // Creating under a name in use: said on the name field while it still holds that name.
  const takenName = create.variables?.name;
  const placed = placeServerError(
    serverError,
    fieldFromServer,
    !existing && takenName !== undefined && state.name.trim() === takenName
      ? {
          field: 'name',
          message: `Another Kustomization is already called "${takenName}". Choose another name, or edit that one.`,
        }
      : null,
  );
  const err = (f: KustomizationFormField): string | null =>
    (submitted ? check.fields[f] : undefined) ?? (placed?.field === f ? placed.message : null);
  const patch = (p: Partial<KustomizationFormState>) => setState((s) => ({ ...s, ...p }));
  // The selector is checked as you type: the preview next to it depends on it.
  const selectorError =
    state.clusterSelector.trim() === '' ? null : labelSelectorError(state.clusterSelector.trim());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!check.valid) return;
    const input = toKustomizationInput(state, existing?.spec);
    if (existing && proposeInGit) propose.mutate({ id: existing.id, input }, { onSuccess: (r) => proposeInGit.onProposed(r.id) });
    else if (existing) update.mutate({ id: existing.id, input }, { onSuccess: (r) => onSaved(r.id) });
    else create.mutate(input, { onSuccess: (r) => onSaved(r.id) });
  };

  const sourceList = sources.data ?? [];
  const selectedMissing =
    state.source !== '' &&
    sources.data &&
    !sourceList.some((s) => sourceKey(s, s.namespace) === state.source);

  return (
    <>
      <form className={styles.form} onSubmit={submit} noValidate aria-label="Kustomization">
        <Card title="Build">
          <div className={styles.grid}>
            <TextField
              label="Name"
              value={state.name}
              onChange={(e) => patch({ name: e.target.value })}
              error={err('name')}
              readOnly={Boolean(existing)}
              hint={existing ? 'The name cannot change.' : 'Lowercase letters, digits, "-" and ".".'}
              mono
              autoComplete="off"
              spellCheck={false}
            />
            <SelectField
              label="Source"
              value={state.source}
              onChange={(e) => patch({ source: e.target.value })}
              error={err('source') ?? (sources.isError ? 'Could not load the sources.' : null)}
              hint="The GitRepository or OCIRepository whose artifact is built."
            >
              <option value="">{sources.isPending ? 'Loading sources…' : 'Choose a source…'}</option>
              {selectedMissing && (
                <option value={state.source}>{missingLabel(state.source)} (not found)</option>
              )}
              {sourceList.map((s) => (
                <option key={`${s.kind}/${s.id}`} value={sourceKey(s, s.namespace)}>
                  {s.kind}/{s.name}
                  {s.ready === 'True' ? '' : s.ready === 'False' ? ' — not ready' : ' — fetching'}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Path"
              value={state.path}
              onChange={(e) => patch({ path: e.target.value })}
              error={err('path')}
              placeholder="./clusters/my-cluster"
              hint="Directory in the source with the manifests or kustomization.yaml."
              mono
              spellCheck={false}
            />
            <TextField
              label="Target namespace"
              value={state.targetNamespace}
              onChange={(e) => patch({ targetNamespace: e.target.value })}
              error={err('targetNamespace')}
              hint="Optional: sets the namespace of every namespaced object."
              mono
              spellCheck={false}
            />
            <TextField
              label="Service account"
              value={state.serviceAccountName}
              onChange={(e) => patch({ serviceAccountName: e.target.value })}
              error={err('serviceAccountName')}
              hint="Optional: the agent applies as this ServiceAccount of the Kustomization’s namespace (impersonation), so its RBAC bounds what is applied."
              mono
              autoComplete="off"
              spellCheck={false}
            />
          </div>
        </Card>
        <Card title="Reconcile">
          <div className={styles.grid}>
            <TextField
              label="Interval"
              value={state.interval}
              onChange={(e) => patch({ interval: e.target.value })}
              error={err('interval')}
              hint="Re-apply (and correct drift) this often, e.g. 10m."
              mono
            />
            <TextField
              label="Retry interval"
              value={state.retryInterval}
              onChange={(e) => patch({ retryInterval: e.target.value })}
              error={err('retryInterval')}
              hint="After a failure; default: the interval."
              mono
            />
            <TextField
              label="Timeout"
              value={state.timeout}
              onChange={(e) => patch({ timeout: e.target.value })}
              error={err('timeout')}
              hint="For apply and health checks; default: the interval."
              mono
            />
            <TextField
              label="Depends on"
              value={state.dependsOn}
              onChange={(e) => patch({ dependsOn: e.target.value })}
              error={err('dependsOn')}
              placeholder="infra-controllers, infra-configs"
              hint="Kustomizations that must be Ready first (comma-separated)."
              mono
              spellCheck={false}
            />
          </div>
          <div className={styles.checks}>
            <CheckboxField
              label="Prune"
              hint="Delete objects removed from the source."
              checked={state.prune}
              onChange={(prune) => patch({ prune })}
            />
            <CheckboxField
              label="Wait"
              hint="Ready only when every applied object is healthy."
              checked={state.wait}
              onChange={(wait) => patch({ wait })}
            />
            <CheckboxField
              label="Force"
              hint="Recreate objects whose immutable fields changed."
              checked={state.force}
              onChange={(force) => patch({ force })}
            />
            <CheckboxField
              label="Suspended"
              hint="Agents stop reconciling it until resumed."
              checked={state.suspend}
              onChange={(suspend) => patch({ suspend })}
            />
          </div>
        </Card>
        <Card title="Variables">
          <KeyValueEditor
            legend="postBuild.substitute"
            noun="variable"
            rows={state.substitute}
            errors={submitted ? check.substitute : state.substitute.map(() => ({}))}
            onChange={(substitute) => patch({ substitute })}
            keyPlaceholder="cluster_env"
            valuePlaceholder="prod"
            emptyText="No variables. ${cluster_name}, ${cluster_label_<key>} and the cluster's own variables are always available; these win over them."
          />
          {err('substitute') && <p className={styles.error}>{err('substitute')}</p>}
        </Card>
        <Card title="Labels">
          <KeyValueEditor
            legend="metadata.labels"
            noun="label"
            rows={state.labels}
            errors={submitted ? check.labels : state.labels.map(() => ({}))}
            onChange={(labels) => patch({ labels })}
            keyPlaceholder="team"
            valuePlaceholder="shop"
            emptyText="No labels. Receivers and Alerts select this Kustomization by its labels with matchLabels."
          />
          {err('labels') && <p className={styles.error}>{err('labels')}</p>}
        </Card>
        <Card title="Placement">
          <div className={styles.grid}>
            <TextField
              label="Cluster selector"
              value={state.clusterSelector}
              onChange={(e) => patch({ clusterSelector: e.target.value })}
              error={selectorError ?? err('clusterSelector')}
              placeholder="env=prod,tier in (web,api)"
              hint="Kubernetes label selector over cluster labels."
              mono
              spellCheck={false}
              autoComplete="off"
            />
            <TextField
              label="Cluster names"
              value={state.clusterNames}
              onChange={(e) => patch({ clusterNames: e.target.value })}
              error={err('clusterNames')}
              placeholder="prod-eu-1, prod-us-1"
              hint="Clusters targeted by name, in addition to the selector."
              mono
              spellCheck={false}
              autoComplete="off"
            />
          </div>
          <PlacementPreview
            selector={selectorError ? '' : state.clusterSelector}
            clusterNames={state.clusterNames}
          />
        </Card>
        {/* A CONFLICT when creating is the name in use: on the name field, or gone once the name changed. */}
        {serverError && !placed && !(isApiError(serverError, 'CONFLICT') && !existing) && (
          <ErrorAlert
            error={serverError}
            title={proposeInGit ? 'Could not propose the change' : existing ? 'Could not save the Kustomization' : 'Could not create the Kustomization'}
          />
        )}
        <div className={styles.footer}>
          {existing && (
            <Button onClick={() => setPreviewing(true)} disabled={!check.valid}>
              Preview on cluster…
            </Button>
          )}
          <Button onClick={onCancel} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" busy={mutation.isPending}>
            {proposeInGit ? PROPOSE_LABEL : existing ? 'Save changes' : 'Create Kustomization'}
          </Button>
        </div>
      </form>
      {/* Outside the form: the preview has a form of its own. */}
      {existing && previewing && (
        <Dialog
          open
          onClose={() => setPreviewing(false)}
          title={`Preview ${existing.name} as edited`}
          wide
          description="The form’s unsaved spec, built in this browser and compared with what the cluster runs."
        >
          <KustomizationPreview
            namespace={existing.namespace}
            name={existing.name}
            clusters={previewClusters(existing)}
            sourceKind={existing.sourceRef.kind}
            spec={toKustomizationInput(state, existing.spec).spec as Record<string, unknown>}
          />
        </Dialog>
      )}
    </>
  );
}
