import { KeyValueEditor } from '../../../components/key-value-editor';
import { isApiError } from '../../../lib/api-error';
import {
  labelRules,
  mergeRowErrors,
  rowErrorFromField,
  validateRows,
  type KeyValueRow,
} from '../../../lib/kubernetes/label-validation';

/** The matchLabels of a Receiver's `*` resources, checked as typed; the hub's refusal lands on its row. */
export function ReceiverMatchLabels({
  rows,
  onChange,
  error,
}: {
  rows: KeyValueRow[];
  onChange: (rows: KeyValueRow[]) => void;
  error: unknown;
}) {
  const client = validateRows(rows, labelRules).errors;
  const server = isApiError(error, 'BAD_USER_INPUT')
    ? rowErrorFromField(error.field, 'matchLabels', error.message)
    : null;
  return (
    <KeyValueEditor
      legend="Match labels (for * resources)"
      noun="match label"
      rows={rows}
      errors={mergeRowErrors(client, server)}
      onChange={onChange}
      keyPlaceholder="team"
      valuePlaceholder="shop"
      emptyText="None: * reconciles every object of the kind in the namespace. With labels, only those carrying all of them; a named resource is reconciled whatever its labels, as in Flux."
    />
  );
}
