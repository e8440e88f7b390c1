import { KeyValueEditor } from '../../../components/key-value-editor';
import { Card } from '../../../components/layout';
import { isApiError } from '../../../lib/api-error';
import {
  mergeRowErrors,
  rowErrorFromField,
  type KeyValueRow,
  type RowErrors,
} from '../../../lib/kubernetes/label-validation';

/**
 * A source's metadata.labels: the form's own row checks once submitted (`rowErrors`, else null), and a hub
 * refusal naming `labels[i]` on that row.
 */
export function SourceLabelsCard({
  rows,
  rowErrors,
  serverError,
  onChange,
}: {
  rows: KeyValueRow[];
  rowErrors: RowErrors[] | null;
  serverError: unknown;
  onChange: (rows: KeyValueRow[]) => void;
}) {
  return (
    <Card title="Labels">
      <KeyValueEditor
        legend="metadata.labels"
        noun="label"
        rows={rows}
        errors={mergeRowErrors(
          rowErrors ?? rows.map(() => ({})),
          isApiError(serverError)
            ? rowErrorFromField(serverError.field, 'labels', serverError.message)
            : null,
        )}
        onChange={onChange}
        keyPlaceholder="team"
        valuePlaceholder="shop"
        emptyText="No labels. Receivers select this source by its labels with matchLabels."
      />
    </Card>
  );
}
