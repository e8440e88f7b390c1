import { Button } from '../../../components/button';
import { SelectField } from '../../../components/select-field';
import type { KustomizationFilters, StatusFilter } from '../hooks/use-kustomization-filters';
import styles from './kustomization-filter-bar.module.css';

export function KustomizationFilterBar({
  filters,
  onChange,
  sources,
}: {
  filters: KustomizationFilters;
  onChange: (patch: Partial<KustomizationFilters>) => void;
  sources: readonly string[];
}) {
  return (
    <div className={styles.bar} role="search" aria-label="Filter Kustomizations">
      <SelectField
        label="Source"
        value={filters.source}
        onChange={(e) => onChange({ source: e.target.value })}
      >
        <option value="">All sources</option>
        {sources.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Status"
        value={filters.status}
        onChange={(e) => onChange({ status: e.target.value as StatusFilter })}
      >
        <option value="all">All</option>
        <option value="failing">Failing on a cluster</option>
        <option value="suspended">Suspended</option>
      </SelectField>
      {(filters.source !== '' || filters.status !== 'all') && (
        <Button variant="ghost" onClick={() => onChange({ source: '', status: 'all' })}>
          Clear
        </Button>
      )}
    </div>
  );
}
