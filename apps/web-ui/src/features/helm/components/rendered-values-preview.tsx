import { useMemo, useState } from 'react';
import { stringify } from 'yaml';
import { ErrorAlert } from '../../../components/alert';
import { SelectField } from '../../../components/select-field';
import { useDebounced } from '../../../lib/use-debounced';
import { usePlacementPreview } from '../../kustomizations/api/preview-placement';
import { useHelmValuesPreview } from '../api/helm-chart-info';
import type { HelmValuesPreviewInput } from '../../../lib/graphql/operation-types.gen';
import styles from '../../../components/form.module.css';

/** The values one chosen cluster would get from the form as it is: the hub renders them (overlays, cluster variables). */
export function RenderedValuesPreview({ values, overlays }: { values: Record<string, unknown> | null; overlays: { clusterSelector: string; values: Record<string, unknown> | null }[] }) {
  const clusters = usePlacementPreview('', true);
  const [clusterId, setClusterId] = useState('');
  const usable = overlays.filter((o): o is { clusterSelector: string; values: Record<string, unknown> } => o.clusterSelector !== '' && o.values !== null);
  // Debounced as JSON text: the objects are new on every render and would never settle.
  const settled = useDebounced(JSON.stringify({ clusterId, values: values ?? {}, overlays: usable }), 400);
  const input = useMemo(() => JSON.parse(settled) as HelmValuesPreviewInput, [settled]);
  const preview = useHelmValuesPreview(input, input.clusterId !== '' && values !== null);
  return (
    <div>
      <SelectField label="Cluster" value={clusterId} onChange={(e) => setClusterId(e.target.value)} hint="The values the hub would send to this cluster.">
        <option value="">Choose a cluster</option>
        {(clusters.data?.edges ?? []).map((e) => (
          <option key={e.node.id} value={e.node.id}>
            {e.node.name}
          </option>
        ))}
      </SelectField>
      {preview.isError ? (
        <ErrorAlert error={preview.error} title="The hub could not render the values" />
      ) : preview.data?.error ? (
        <ErrorAlert error={new Error(preview.data.error)} title={`Not assigned to ${preview.data.clusterName}: the values cannot be rendered`} />
      ) : preview.data && clusterId ? (
        <pre className={styles.hint} tabIndex={0} aria-label={`Rendered values on ${preview.data.clusterName}`} data-testid="rendered-values">
          {stringify(preview.data.values ?? {})}
        </pre>
      ) : null}
    </div>
  );
}
