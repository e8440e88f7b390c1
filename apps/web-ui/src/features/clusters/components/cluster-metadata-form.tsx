import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Card } from '../../../components/layout';
import {
  filledRows,
  labelKeyError,
  labelValueError,
  mergeRowErrors,
  rowErrorFromField,
  validateRows,
  variableNameError,
  type KeyValueRow,
} from '../../../lib/kubernetes/label-validation';
import { isApiError } from '../../../lib/api-error';
import { showToast } from '../../../lib/toast-store';
import type { ClusterDetail, KeyValue } from '../api/cluster-types';
import { useUpdateCluster } from '../api/update-cluster';
import { KeyValueEditor } from '../../../components/key-value-editor';

const LABEL_RULES = { key: labelKeyError, value: labelValueError };
const VARIABLE_RULES = { key: variableNameError, value: () => null };

const sameRows = (a: readonly KeyValue[], b: readonly KeyValue[]) =>
  a.length === b.length && a.every((row, i) => row.key === b[i]?.key && row.value === b[i]?.value);

/** Edits labels and substitution variables together; the draft survives live refetches of the cluster. */
export function ClusterMetadataForm({ cluster, readOnly }: { cluster: ClusterDetail; readOnly: boolean }) {
  const [labels, setLabels] = useState<KeyValueRow[] | null>(null);
  const [variables, setVariables] = useState<KeyValueRow[] | null>(null);
  const mutation = useUpdateCluster();
  const labelRows = labels ?? cluster.labels;
  const variableRows = variables ?? cluster.variables;
  const labelCheck = validateRows(labelRows, LABEL_RULES);
  const variableCheck = validateRows(variableRows, VARIABLE_RULES);
  const fieldError = isApiError(mutation.error, 'BAD_USER_INPUT') ? mutation.error : null;
  const serverLabelError = fieldError
    ? rowErrorFromField(fieldError.field, 'labels', fieldError.message)
    : null;
  const serverVariableError = fieldError
    ? rowErrorFromField(fieldError.field, 'variables', fieldError.message)
    : null;
  const dirty =
    !sameRows(filledRows(labelRows), cluster.labels) ||
    !sameRows(filledRows(variableRows), cluster.variables);

  const reset = () => {
    setLabels(null);
    setVariables(null);
    mutation.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!labelCheck.valid || !variableCheck.valid) return;
    mutation.mutate(
      { id: cluster.id, labels: filledRows(labelRows), variables: filledRows(variableRows) },
      {
        onSuccess: () => {
          setLabels(null);
          setVariables(null);
          showToast('Labels and variables saved.');
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Card
        title="Labels and variables"
        actions={
          readOnly ? null : (
            <>
              <Button variant="ghost" onClick={reset} disabled={!dirty || mutation.isPending}>
                Discard
              </Button>
              <Button
                variant="primary"
                type="submit"
                disabled={!dirty || !labelCheck.valid || !variableCheck.valid}
                busy={mutation.isPending}
              >
                Save changes
              </Button>
            </>
          )
        }
        footer={
          readOnly
            ? 'Read-only: your role can view but not change clusters.'
            : 'Labels select this cluster in placements. Variables fill ${name} placeholders in its manifests (Flux postBuild substitution).'
        }
      >
        <KeyValueEditor
          legend="Labels"
          noun="label"
          rows={labelRows}
          errors={mergeRowErrors(labelCheck.errors, serverLabelError)}
          onChange={setLabels}
          readOnly={readOnly}
          keyPlaceholder="env"
          valuePlaceholder="prod"
        />
        <KeyValueEditor
          legend="Variables"
          noun="variable"
          rows={variableRows}
          errors={mergeRowErrors(variableCheck.errors, serverVariableError)}
          onChange={setVariables}
          readOnly={readOnly}
          keyPlaceholder="cluster_region"
          valuePlaceholder="eu-west-1"
        />
        {mutation.error && !serverLabelError && !serverVariableError && (
          <ErrorAlert error={mutation.error} title="Could not save" />
        )}
      </Card>
    </form>
  );
}
