import { useState } from 'react';
import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { KeyValueEditor } from '../../../components/key-value-editor';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { TextareaField } from '../../../components/textarea-field';
import { isApiError } from '../../../lib/api-error';
import type { AlertMode } from '../../../lib/graphql/operation-types.gen';
import {
  labelRules,
  mergeRowErrors,
  rowErrorFromField,
  validateRows,
} from '../../../lib/kubernetes/label-validation';
import { useCreateAlert } from '../api/create-alert';
import type { Alert } from '../api/list-alerts';
import { useProviders } from '../api/list-providers';
import { useUpdateAlert } from '../api/update-alert';
import { useProposeAlertEdit } from '../api/propose-notification-edit';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import {
  SOURCE_KINDS,
  alertFormState,
  alertInput,
  newEventSource,
  type AlertFormState,
  type EventSourceRow,
} from './alert-form-model';
import { NotificationFormDialog } from './notification-form-dialog';
import { serverFieldError } from './server-field-error';

/**
 * Adds an Alert, or edits `existing`: its event sources, clusters, filters, metadata and noise control. One git
 * manages is shown read-only, or, with `proposeInGit`, edited in propose mode (it holds no secret).
 */
export function AlertFormDialog({ existing, onClose, proposeInGit }: { existing?: Alert; onClose: () => void; proposeInGit?: ProposeInGit }) {
  const create = useCreateAlert();
  const update = useUpdateAlert();
  const propose = useProposeAlertEdit();
  const providers = useProviders();
  const proposing = Boolean(existing?.managedBy) && proposeInGit !== undefined;
  const mutation = proposing ? propose : existing ? update : create;
  const [s, setState] = useState<AlertFormState>(() => alertFormState(existing));
  const [submitted, setSubmitted] = useState(false);
  const patch = (p: Partial<AlertFormState>) => setState((prev) => ({ ...prev, ...p }));
  const text = (k: keyof AlertFormState) => (e: { target: { value: string } }) =>
    patch({ [k]: e.target.value });
  const err = (field: string) => serverFieldError(mutation.error, field);
  const sourceLabels = s.sources.map((r) => validateRows(r.matchLabels, labelRules));
  const setSource = (i: number, p: Partial<EventSourceRow>) =>
    patch({ sources: s.sources.map((r, j) => (j === i ? { ...r, ...p } : r)) });
  const submit = () => {
    setSubmitted(true);
    if (sourceLabels.some((v) => !v.valid)) return;
    const input = alertInput(s, providers.data?.[0]?.id ?? '');
    if (existing && proposing) propose.mutate({ id: existing.id, input }, { onSuccess: (r) => proposeInGit?.onProposed(r.id) });
    else if (existing) update.mutate({ id: existing.id, input }, { onSuccess: onClose });
    else create.mutate(input, { onSuccess: onClose });
  };
  return (
    <NotificationFormDialog
      formId="alert-form"
      title={proposing && existing ? `Propose a change to alert ${existing.name}` : existing?.managedBy ? `Alert ${existing.name}` : existing ? `Edit alert ${existing.name}` : 'Add alert'}
      submitLabel={proposing ? PROPOSE_LABEL : existing ? 'Save' : 'Add alert'}
      pending={mutation.isPending}
      error={mutation.error}
      errorTitle={proposing ? 'Could not propose the change' : existing ? 'Could not save the alert' : 'Could not add the alert'}
      onClose={onClose}
      onSubmit={submit}
      wide
      managedBy={existing?.managedBy}
      proposing={proposing}
      kind="Alert"
    >
      <TextField label="Name" value={s.name} onChange={text('name')} error={err('name')} required disabled={proposing} />
      <SelectField
        label="Provider"
        value={s.providerId}
        onChange={text('providerId')}
        error={err('providerId')}
      >
        {(providers.data ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.namespace}/{p.name} ({p.type})
          </option>
        ))}
      </SelectField>
      <SelectField label="Severity" value={s.eventSeverity} onChange={text('eventSeverity')}>
        <option value="info">info (every event)</option>
        <option value="error">error (errors only)</option>
      </SelectField>
      {s.sources.map((row, i) => (
        <EventSourceFields
          key={i}
          index={i}
          row={row}
          onChange={(p) => setSource(i, p)}
          onRemove={
            s.sources.length > 1 ? () => patch({ sources: s.sources.filter((_, j) => j !== i) }) : undefined
          }
          kindError={err(`eventSources.${i}.kind`)}
          nameError={err(`eventSources.${i}.name`) ?? err(`eventSources.${i}.namespace`)}
          labelErrors={mergeRowErrors(
            submitted ? (sourceLabels[i]?.errors ?? []) : row.matchLabels.map(() => ({})),
            err(`eventSources.${i}`) && isApiError(mutation.error)
              ? rowErrorFromField(mutation.error.field, 'matchLabels', mutation.error.message)
              : null,
          )}
        />
      ))}
      <Button size="sm" variant="ghost" onClick={() => patch({ sources: [...s.sources, newEventSource()] })}>
        + Add event source
      </Button>
      <TextField
        label="Cluster labels"
        hint="A label selector, e.g. env=prod; empty with no names takes every cluster."
        value={s.clusterLabels}
        onChange={text('clusterLabels')}
        error={err('clusterSelector.labels')}
      />
      <TextField
        label="Cluster names"
        hint="Comma-separated."
        value={s.clusterNames}
        onChange={text('clusterNames')}
        error={err('clusterSelector.names')}
      />
      <SelectField label="Mode" value={s.mode} onChange={(e) => patch({ mode: e.target.value as AlertMode })}>
        <option value="EVERY">Every event (identical ones once per 5 minutes)</option>
        <option value="STATE_CHANGE">State changes only (failing, then recovered)</option>
      </SelectField>
      <TextField
        label="Grouping window (seconds)"
        type="number"
        min={0}
        max={3600}
        value={s.groupWindowSeconds}
        onChange={text('groupWindowSeconds')}
        error={err('groupWindowSeconds')}
      />
      <TextareaField
        label="Include messages matching"
        hint="One regular expression per line."
        value={s.inclusion}
        onChange={text('inclusion')}
        error={err('inclusionList')}
      />
      <TextareaField
        label="Exclude messages matching"
        hint="One regular expression per line; exclusion wins."
        value={s.exclusion}
        onChange={text('exclusion')}
        error={err('exclusionList')}
      />
      <KeyValueEditor
        legend="Event metadata"
        noun="metadata entry"
        rows={s.eventMetadata}
        errors={s.eventMetadata.map(() => ({}))}
        onChange={(eventMetadata) => patch({ eventMetadata })}
        emptyText="No extra metadata; every message carries the cluster’s name and labels."
      />
      <TextField
        label="Summary"
        hint="Added to every message’s metadata (at most 255 characters)."
        value={s.summary}
        onChange={text('summary')}
        error={err('summary')}
      />
      <CheckboxField
        label="Suspended (sends nothing)"
        checked={s.suspend}
        onChange={(suspend) => patch({ suspend })}
      />
    </NotificationFormDialog>
  );
}

function EventSourceFields(props: {
  index: number;
  row: EventSourceRow;
  onChange: (p: Partial<EventSourceRow>) => void;
  onRemove: (() => void) | undefined;
  kindError: string | null;
  nameError: string | null;
  labelErrors: { key?: string; value?: string }[];
}) {
  const n = props.index + 1;
  return (
    <fieldset aria-label={`Event source ${n}`}>
      <legend>Event source {n}</legend>
      <SelectField
        label={`Source ${n} kind`}
        value={props.row.kind}
        onChange={(e) => props.onChange({ kind: e.target.value })}
        error={props.kindError}
      >
        {SOURCE_KINDS.map((k) => (
          <option key={k}>{k}</option>
        ))}
      </SelectField>
      <TextField
        label={`Source ${n} name`}
        hint="A name, or * for every object of the kind."
        value={props.row.name}
        onChange={(e) => props.onChange({ name: e.target.value })}
        error={props.nameError}
        required
      />
      <TextField
        label={`Source ${n} namespace`}
        hint="Empty: the Alert’s namespace."
        value={props.row.namespace}
        onChange={(e) => props.onChange({ namespace: e.target.value })}
      />
      <KeyValueEditor
        legend={`Source ${n} match labels`}
        noun={`source ${n} label`}
        rows={props.row.matchLabels}
        errors={props.labelErrors}
        onChange={(matchLabels) => props.onChange({ matchLabels })}
        emptyText="Any labels. With labels, only objects carrying all of them (as their agent reports them)."
      />
      {props.onRemove && (
        <Button size="sm" variant="ghost" onClick={props.onRemove}>
          Remove event source {n}
        </Button>
      )}
    </fieldset>
  );
}
