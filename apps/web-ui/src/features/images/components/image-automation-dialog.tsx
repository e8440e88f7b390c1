import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { Dialog } from '../../../components/dialog';
import { ReadOnlyWhenManaged } from '../../fleet-sync/components/read-only-when-managed';
import { ManagedByGitNotice } from '../../fleet-sync/components/managed-by-git-notice';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import { useProposeImageUpdateAutomationEdit } from '../api/propose-image-edit';
import { SelectField } from '../../../components/select-field';
import { TextareaField } from '../../../components/textarea-field';
import { TextField } from '../../../components/text-field';
import { placeServerError } from '../../../lib/forms/place-server-error';
import { useGitRepositories } from '../../sources/api/list-git-repositories';
import type { ImageUpdateAutomation } from '../api/list-image-automations';
import { useSaveImageAutomation } from '../api/save-image-automation';
import { ForgeProviderFields } from '../../../components/forge-provider-fields';
import {
  emptyImageAutomationForm,
  formFromImageAutomation,
  imageAutomationFieldFromServer,
  toImageAutomationInput,
  validateImageAutomationForm,
  type AutomationMode,
  type ImageAutomationFormField,
  type ImageAutomationFormState,
} from './image-automation-form-model';

/**
 * Create (automation null) or edit an ImageUpdateAutomation; saving runs it once. One git manages is shown
 * read-only, or, with `proposeInGit`, edited in propose mode (a forge token typed there is refused by the hub:
 * it never goes to git).
 */
export function ImageAutomationDialog({
  automation,
  onClose,
  proposeInGit,
}: {
  automation: ImageUpdateAutomation | null;
  onClose: () => void;
  proposeInGit?: ProposeInGit;
}) {
  const saveHere = useSaveImageAutomation();
  const propose = useProposeImageUpdateAutomationEdit();
  const managed = automation?.managedBy ?? null;
  const proposing = managed !== null && proposeInGit !== undefined;
  const save = proposing ? propose : saveHere;
  const sources = useGitRepositories();
  const [state, setState] = useState<ImageAutomationFormState>(() =>
    automation ? formFromImageAutomation(automation) : emptyImageAutomationForm(),
  );
  const [submitted, setSubmitted] = useState(false);
  const errors = validateImageAutomationForm(state);
  const placed = placeServerError(save.error, imageAutomationFieldFromServer, null);
  const fieldError = (f: ImageAutomationFormField) =>
    (submitted ? errors[f] : undefined) ?? (placed?.field === f ? placed.message : null);
  const patch = (p: Partial<ImageAutomationFormState>) => setState((s) => ({ ...s, ...p }));
  const text = (f: keyof ImageAutomationFormState & ImageAutomationFormField) => ({
    value: String(state[f]),
    onChange: (e: { target: { value: string } }) => patch({ [f]: e.target.value }),
    error: fieldError(f),
  });
  const sourceOptions = (sources.data ?? []).map((r) => `${r.namespace}/${r.name}`);
  if (state.source !== '' && !sourceOptions.includes(state.source)) sourceOptions.unshift(state.source);
  const proposal = state.mode === 'proposal';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    if (proposing && automation) {
      propose.mutate({ id: automation.id, input: toImageAutomationInput(state) }, { onSuccess: (r) => proposeInGit?.onProposed(r.id) });
      return;
    }
    saveHere.mutate(
      { id: automation?.id ?? null, input: toImageAutomationInput(state) },
      {
        // The token is the hub's once saved: it leaves the form's state, so no input keeps it.
        onSuccess: (saved) => {
          patch({ providerToken: '', providerTokenStored: saved.providerTokenSet });
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      open
      wide
      onClose={onClose}
      locked={save.isPending}
      title={proposing && automation ? `Propose a change to automation ${automation.name}` : automation?.managedBy ? `Automation ${automation.name}` : automation ? `Edit automation ${automation.name}` : 'Add image update automation'}
      // Git declares it: nothing to save here.
      footer={
        managed && !proposing ? undefined : <Button variant="primary" type="submit" form="image-automation-form" busy={save.isPending}>
          {proposing ? PROPOSE_LABEL : automation ? 'Save' : 'Add automation'}
        </Button>
      }
    >
      <form id="image-automation-form" onSubmit={submit} noValidate aria-label="Image update automation">
        {proposing && managed && <ManagedByGitNotice managedBy={managed} kind="ImageUpdateAutomation" proposing />}
        <ReadOnlyWhenManaged managedBy={proposing ? null : managed} kind="ImageUpdateAutomation">
        <TextField
          label="Name"
          {...text('name')}
          readOnly={automation !== null}
          hint={automation ? 'The name cannot change.' : 'Lowercase letters, digits, "-" and ".".'}
          mono
          autoComplete="off"
          spellCheck={false}
        />
        <SelectField label="Git repository" {...text('source')}>
          <option value="">Choose…</option>
          {sourceOptions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Checkout branch"
          {...text('checkoutBranch')}
          hint="Empty: the Git repository’s branch."
          mono
        />
        <TextField
          label="Update path"
          {...text('updatePath')}
          hint="The folder whose setter markers are updated, e.g. ./apps."
          mono
        />
        <SelectField
          label="Mode"
          value={state.mode}
          onChange={(e) => patch({ mode: e.target.value as AutomationMode })}
          error={fieldError('mode')}
          hint={
            proposal
              ? 'Each update becomes a proposal to approve, on the automation’s own branch.'
              : 'Flux’s behaviour: commits go straight to the push branch.'
          }
        >
          <option value="proposal">Proposal (approve in Flotilla)</option>
          <option value="push">Push to a branch</option>
        </SelectField>
        {proposal ? (
          <>
            <TextField
              label="Required approvals"
              type="number"
              min={1}
              max={10}
              {...text('requiredApprovals')}
            />
            <TextField
              label="Approver team"
              {...text('approverTeam')}
              hint="Members of this team may approve, besides operators. Empty: operators only."
            />
            <SelectField
              label="Merge strategy"
              value={state.mergeStrategy}
              onChange={(e) =>
                patch({ mergeStrategy: e.target.value === 'merge-commit' ? 'merge-commit' : 'fast-forward' })
              }
              error={fieldError('mergeStrategy')}
            >
              <option value="fast-forward">Fast-forward</option>
              <option value="merge-commit">Merge commit</option>
            </SelectField>
            <TextField
              label="Auto-merge after"
              {...text('autoMergeAfter')}
              hint="Optional, e.g. 30m: the hub merges the proposal after this long if nobody rejected it and its diff did not change. Empty: never."
              mono
            />
            {state.autoMergeAfter.trim() !== '' && (
              <CheckboxField
                label="Auto-merge only once approved"
                checked={state.autoMergeRequiresApproval}
                onChange={(autoMergeRequiresApproval) => patch({ autoMergeRequiresApproval })}
              />
            )}
          </>
        ) : (
          <TextField label="Push branch" {...text('pushBranch')} hint="Empty: the checkout branch." mono />
        )}
        <ForgeProviderFields
          state={state}
          onChange={patch}
          fieldError={fieldError}
          disabled={!proposal}
          hint={
            proposal
              ? 'Native: proposals are reviewed in Flotilla only. A forge also gets a pull request for each proposal.'
              : 'Push mode commits straight to the branch; only proposals become pull requests.'
          }
        />
        <TextField label="Author name" {...text('authorName')} />
        <TextField label="Author email" type="email" {...text('authorEmail')} />
        <TextareaField
          label="Commit message template"
          {...text('messageTemplate')}
          rows={4}
          spellCheck={false}
          hint="A Go template over Flux’s data (.AutomationObject, .Changed.Changes, .Changed.FileChanges, .Changed.Objects); empty: Flux’s default message."
        />
        <TextField
          label="Policy selector"
          {...text('policySelector')}
          hint="Label selector over the namespace’s ImagePolicies, e.g. app=web. Empty: all of them."
          mono
        />
        <TextField label="Interval" {...text('interval')} hint="How often it runs, e.g. 1m." mono />
        <CheckboxField label="Suspend" checked={state.suspend} onChange={(suspend) => patch({ suspend })} />
        {save.isError && !placed && (
          <ErrorAlert error={save.error} title={proposing ? 'Could not propose the change' : 'Could not save the automation'} />
        )}
        </ReadOnlyWhenManaged>
      </form>
    </Dialog>
  );
}
