import { Button } from '../../../components/button';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { FLUX_KIND_NAMES, type FluxKind } from '../api/flux-object-keys';
import {
  NO_FILTERS,
  STATUS_FILTERS,
  hasFilters,
  type FluxObjectFilters,
  type OriginFilter,
  type StatusFilter,
} from '../hooks/use-flux-object-filters';
import styles from './flux-objects.module.css';

const STATUS_LABEL: Record<StatusFilter, string> = {
  ready: 'Ready',
  failing: 'Failing',
  progressing: 'Progressing',
  suspended: 'Suspended',
};

/** Kind, origin, status, cluster (fleet-wide only) and a name search; every change lands in the URL. */
export function FluxObjectFilterBar({
  filters,
  onChange,
  clusters,
}: {
  filters: FluxObjectFilters;
  onChange: (patch: Partial<FluxObjectFilters>) => void;
  /** The cluster choices; absent on a cluster's own page. */
  clusters?: readonly { id: string; name: string }[];
}) {
  const fixed: (keyof FluxObjectFilters)[] = clusters ? [] : ['cluster'];
  return (
    <div className={styles.bar} role="search" aria-label="Filter Flux objects">
      <SelectField
        label="Kind"
        value={filters.kind}
        onChange={(e) => onChange({ kind: e.target.value as FluxKind | '' })}
      >
        <option value="">All kinds</option>
        {FLUX_KIND_NAMES.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Origin"
        value={filters.origin}
        onChange={(e) => onChange({ origin: e.target.value as OriginFilter | '' })}
      >
        <option value="">Any origin</option>
        <option value="hub">Placed by the hub</option>
        <option value="cluster">Found in the cluster</option>
      </SelectField>
      <SelectField
        label="Status"
        value={filters.status}
        onChange={(e) => onChange({ status: e.target.value as StatusFilter | '' })}
      >
        <option value="">Any status</option>
        {STATUS_FILTERS.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </SelectField>
      {clusters && (
        <SelectField
          label="Cluster"
          value={filters.cluster}
          onChange={(e) => onChange({ cluster: e.target.value })}
        >
          <option value="">All clusters</option>
          {clusters.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label="Name"
        type="search"
        value={filters.q}
        maxLength={253}
        placeholder="podinfo"
        onChange={(e) => onChange({ q: e.target.value })}
      />
      {hasFilters(filters, fixed) && (
        <Button
          variant="ghost"
          onClick={() => onChange(clusters ? NO_FILTERS : { ...NO_FILTERS, cluster: filters.cluster })}
        >
          Clear
        </Button>
      )}
    </div>
  );
}
